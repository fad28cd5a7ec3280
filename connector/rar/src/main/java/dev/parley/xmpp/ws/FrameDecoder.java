package dev.parley.xmpp.ws;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.StreamEvent;
import dev.parley.xmpp.xml.XmlParser;
import dev.parley.xmpp.xml.XmppStreamException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the text messages of an XMPP-over-WebSocket connection (RFC 7395) into the {@link StreamEvent}s
 * of the session core, exactly as the TCP tokenizer would have produced them.
 *
 * <p>RFC 7395 §3.3: every WebSocket message is one complete, standalone XML element. Each is parsed
 * on its own by {@link XmlParser}, with the tokenizer's restrictions (no DTD, comments, processing
 * instructions or entity references: {@code restricted-xml}; anything else unparsable, or more than one
 * element: {@code not-well-formed}); a message larger than the stanza limit fails with
 * {@code policy-violation} before it is parsed. The stream header and footer are
 * {@code <open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>} and {@code <close/>} (§3.3); an
 * {@code open}, {@code close} or {@code stream} element in another namespace is {@code invalid-namespace},
 * as is anything but {@code <open/>} where a stream must (re)start (§3.4, §3.7).
 *
 * <p>§3.3 asks every message to carry its namespace declarations. A top-level element that declares
 * none is read in {@code jabber:client}, the content namespace of a WebSocket client stream, as if it
 * had arrived inside a TCP stream; clients that omit {@code xmlns='jabber:client'} still work.
 *
 * <p>Not thread-safe: one instance per connection, used by one thread at a time.
 */
public final class FrameDecoder {
    /** RFC 7395 §3.3. */
    public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    private final int maxBytes;
    private boolean expectOpen = true;

    /** @param maxBytes the largest message accepted, in UTF-8 bytes ({@code xmpp.limits.max-stanza-bytes}) */
    public FrameDecoder(int maxBytes) {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
        this.maxBytes = maxBytes;
    }

    /** A stream restart (after SASL success): the next message must be a new {@code <open/>} (RFC 7395 §3.7). */
    public void restart() { expectOpen = true; }

    /** Whether an {@code <open/>} is expected next. */
    public boolean expectsOpen() { return expectOpen; }

    /**
     * The event for one message.
     *
     * @throws XmppStreamException the stream must end with the stream error it names
     */
    public StreamEvent decode(String message) throws XmppStreamException {
        int bytes = utf8Length(message, maxBytes);
        if (bytes > maxBytes) {
            throw new XmppStreamException(XmppStreamException.POLICY_VIOLATION, "message larger than " + maxBytes + " bytes");
        }
        Element el = XmlParser.parse(message);
        String name = el.name();
        String ns = el.namespace();
        if (name.equals("open") || name.equals("close") || name.equals("stream")) {
            if (!FRAMING.equals(ns) || name.equals("stream")) {
                throw new XmppStreamException(XmppStreamException.INVALID_NAMESPACE,
                        "stream open and close are <open/> and <close/> in " + FRAMING + " (RFC 7395 §3.3)");
            }
            if (name.equals("close")) return StreamEvent.Close.INSTANCE;
            expectOpen = false;
            return open(el);
        }
        if (expectOpen) {
            throw new XmppStreamException(XmppStreamException.INVALID_NAMESPACE,
                    "expected <open xmlns='" + FRAMING + "'/>, not <" + name + "/>");
        }
        if (ns.isEmpty()) el = XmlParser.parse(qualify(message)); // no namespace declared: jabber:client
        return new StreamEvent.Stanza(el, bytes);
    }

    private static StreamEvent.Open open(Element el) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> a : el.attributes().entrySet()) {
            if (!a.getKey().startsWith("xmlns:")) attributes.put(a.getKey(), a.getValue());
        }
        // The content namespace of a WebSocket client stream is jabber:client: the <open/> element
        // declares none of its own (RFC 7395 §3.3).
        return new StreamEvent.Open("", "open", FRAMING, Ns.CLIENT, Map.of("", FRAMING), attributes, false, null);
    }

    /**
     * The message with {@code xmlns='jabber:client'} added to its root start tag. Only called on a
     * message that parsed: its first markup is the root start tag, possibly after an XML declaration.
     */
    static String qualify(String message) {
        int i = 0;
        int n = message.length();
        while (i < n) {
            int lt = message.indexOf('<', i);
            if (lt < 0) break;
            if (message.startsWith("<?", lt)) { i = message.indexOf("?>", lt) + 2; continue; }
            int end = lt + 1;
            while (end < n && !isNameEnd(message.charAt(end))) end++;
            return message.substring(0, end) + " xmlns='" + Ns.CLIENT + "'" + message.substring(end);
        }
        return message;
    }

    private static boolean isNameEnd(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>';
    }

    /** UTF-8 length of {@code s}; stops counting once it exceeds {@code limit}. */
    static int utf8Length(String s, int limit) {
        if (s.length() > limit) return s.length(); // every char is at least one byte
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n && bytes <= limit; i++) {
            char c = s.charAt(i);
            if (c < 0x80) bytes++;
            else if (c < 0x800) bytes += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) { bytes += 4; i++; }
            else bytes += 3;
        }
        return bytes;
    }
}
