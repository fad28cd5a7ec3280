package dev.parley.xmpp.api;

/**
 * The application's side of one WebSocket connection that carries an XMPP stream (RFC 7395): what the
 * WebSocket endpoint implements so that the connector can write to it. Every method may be called from
 * any thread and must not block.
 */
public interface WebSocketPeer {
    /** Queues one text message (one complete XML element). Messages go out in call order. */
    void sendText(String message);

    /** Closes the WebSocket normally once every message queued before has been sent. */
    void close();

    /** Remote address as host:port, for logs. */
    String remoteAddress();

    /** Whether the WebSocket came over HTTPS ({@code wss:}). */
    boolean secure();
}
