package dev.parley.xmpp.api;

/**
 * The connector's handle on one XMPP-over-WebSocket stream (RFC 7395), returned by
 * {@link XmppServer#openWebSocket}. The WebSocket endpoint feeds it what it receives. Both methods
 * return at once: parsing and everything after it happen on the connector's threads.
 */
public interface WebSocketSession {
    /** One received text message: by RFC 7395 §3.3 exactly one complete XML element. */
    void receive(String message);

    /** The WebSocket is closed (by either side, or broken). Call once; later calls are ignored. */
    void closed();
}
