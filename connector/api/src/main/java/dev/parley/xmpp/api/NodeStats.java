package dev.parley.xmpp.api;

/** Counters of one node since it started (for health and metrics endpoints). */
public record NodeStats(long connections, long sessions, long sessionsStarted, long stanzasIn, long stanzasOut,
                        long authFailures) { }
