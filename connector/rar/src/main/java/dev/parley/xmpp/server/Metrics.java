package dev.parley.xmpp.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters the node keeps for health and metrics endpoints. */
public final class Metrics {
    private final LongAdder stanzasIn = new LongAdder();
    private final LongAdder stanzasOut = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder sessionsStarted = new LongAdder();
    private final LongAdder sessionsEnded = new LongAdder();
    private final LongAdder connections = new LongAdder();

    void stanzaIn() { stanzasIn.increment(); }
    void stanzaOut() { stanzasOut.increment(); }
    void authFailure() { authFailures.increment(); }
    void sessionStarted() { sessionsStarted.increment(); }
    void sessionEnded() { sessionsEnded.increment(); }
    void connectionOpened() { connections.increment(); }
    void connectionClosed() { connections.decrement(); }

    public long stanzasIn() { return stanzasIn.sum(); }
    public long stanzasOut() { return stanzasOut.sum(); }
    public long authFailures() { return authFailures.sum(); }
    public long sessionsStarted() { return sessionsStarted.sum(); }
    public long sessionsEnded() { return sessionsEnded.sum(); }
    public long connections() { return connections.sum(); }
}
