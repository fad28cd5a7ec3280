package dev.parley.xmpp.api;

import dev.parley.xmpp.xml.Element;

/**
 * The connector's message listener interface. A message-driven bean in the application implements it;
 * the resource adapter calls it from WorkManager threads, one call at a time per session and in the
 * order the session's stanzas arrived (RFC 6120 §10.1).
 */
public interface XmppListener {

    /** Stored SCRAM credentials of a local account (username already normalised), or null if none. */
    AccountCredentials credentials(String username);

    /**
     * An IQ before authentication that the connector does not answer itself (XEP-0077 registration).
     * Returns the reply to send.
     */
    Element unauthenticatedIq(XmppSession session, Element iq);

    /** A resource was bound: the session can now send and receive stanzas. */
    void sessionStarted(XmppSession session);

    /** A stanza from a bound session, its 'from' stamped with the session's full JID. */
    void stanza(XmppSession session, Element stanza);

    /** A bound session ended; {@code graceful} is false when the stream broke or timed out. */
    void sessionEnded(XmppSession session, boolean graceful);
}
