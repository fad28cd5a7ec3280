package dev.parley.xmpp.server;

/**
 * What a {@link StreamSession} needs from the connection under it (TCP via Netty, or WebSocket).
 * Every method may be called from any thread and must not block; operations take effect in call order.
 */
public interface Transport {
    /** Queues data for the peer. */
    void write(String data);
    /** Writes {@code proceed} in the clear, then switches the connection to TLS and restarts the stream parser. */
    void startTls(String proceed);
    /** Restarts the stream parser (after SASL success); bytes already received after the last element are kept. */
    void restartStream();
    /** Resumes reading after the session paused it (see {@link StreamSession#inbound}). */
    void resumeReading();
    /** Flushes what was written and closes the connection. */
    void close();

    boolean secure();
    /** Whether STARTTLS can be offered on this connection. */
    boolean tlsAvailable();
    /** RFC 5929 tls-server-end-point channel binding data, or null when not secure. */
    byte[] tlsServerEndPoint();
    /** "tcp", "tls" or "websocket". */
    String name();
    String remoteAddress();
    /** True when the transport frames each element itself (RFC 7395 WebSocket: open/close instead of stream headers). */
    default boolean framed() { return false; }
}
