package dev.parley.xmpp.api;

import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

/** One client stream, as the application sees it. Thread-safe; sends never block. */
public interface XmppSession {
    /** Stream id (unique per stream). */
    String id();
    /** The full JID once a resource is bound, else null. */
    Jid jid();
    /** Remote address as host:port, for logs. */
    String remoteAddress();
    /** True when the stream is encrypted (STARTTLS or direct TLS). */
    boolean secure();
    /** "tcp", "tls" (XEP-0368 direct TLS) or "websocket". */
    String transport();
    /** The stream's default xml:lang. */
    String lang();
    /** When the resource was bound (the session started), or null before that or when the connector does not know. */
    default java.time.Instant boundAt() { return null; }

    /** Queues a stanza for this client. */
    void send(Element stanza);
    /** Queues already serialized XML (serialize once, send to many). */
    void sendRaw(String xml);

    /** Closes the stream with a stream error condition (RFC 6120 §4.9.3), or gracefully when null. */
    void close(String streamErrorCondition, String text);
    boolean isOpen();

    /** Application state carried with the session (presence, priority, ...); opaque to the connector. */
    Object attachment();
    void attachment(Object state);
}
