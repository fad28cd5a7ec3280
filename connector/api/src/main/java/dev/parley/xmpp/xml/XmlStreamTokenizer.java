package dev.parley.xmpp.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the bytes of an incoming XMPP stream into {@link StreamEvent}s, without blocking, on top of
 * Aalto's asynchronous XML parser. One instance per connection; <b>not thread-safe</b> (it may be
 * handed from thread to thread as long as calls do not overlap).
 *
 * <h2>Usage</h2>
 * <pre>{@code
 * tokenizer.feed(buf, 0, n);             // only when needsInput()
 * StreamEvent ev;
 * while ((ev = tokenizer.next()) != null) handle(ev);
 * }</pre>
 * The caller may stop calling {@link #next()} after any event and resume later: nothing is lost,
 * the parser simply has not looked at the rest of the input yet. It <em>must</em> stop after an
 * event that leads to a stream restart (SASL success, STARTTLS proceed) and call
 * {@link #restart(boolean)} before calling {@code next()} again; otherwise the next stream header
 * would be parsed as content of the old stream.
 *
 * <h2>Restrictions (RFC 6120 §11)</h2>
 * DTDs, comments, processing instructions and entity references other than the five predefined
 * ones fail with {@code restricted-xml}; entities are never expanded. Character references and
 * CDATA sections are accepted. Only UTF-8 is accepted ({@code unsupported-encoding} otherwise); a
 * UTF-8 byte order mark at the start of a stream is skipped. The stream header and every stanza
 * may be at most {@code maxStanzaBytes} bytes, counted from its first byte while it arrives, so
 * an endless element fails after about that many bytes ({@code policy-violation}); so does
 * element nesting deeper than {@value XmlSupport#MAX_DEPTH} levels inside a stanza.
 * Whitespace between stanzas is ignored; other text there fails with {@code bad-format}.
 *
 * <h2>Errors and the end of the stream</h2>
 * Errors are final: once {@code next()} has thrown, it throws the same exception again (until
 * {@link #restart(boolean)}). After {@link StreamEvent.Close} the stream is over: {@code next()}
 * returns null and any further input, whitespace or not, is ignored without looking at it (a
 * server answers a closing tag by closing its own stream and the connection; an error about
 * trailing garbage would have nowhere to go).
 */
public final class XmlStreamTokenizer {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    /** Buffers above this size are not kept once they are no longer needed. */
    private static final int KEEP_BUFFER = 16 * 1024;

    private enum State { PROLOG, STREAM, CLOSED, FAILED }

    private final int maxStanzaBytes;
    private final XmlSupport.Assembler assembler = new XmlSupport.Assembler();

    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private AsyncByteArrayFeeder feeder;
    private State state;
    private XmppStreamException failure;

    // Offsets below are byte offsets in the input of the current parser (since the last restart,
    // BOM excluded), as reported by Aalto's location info. The parser is always fed arrays from
    // index 0: Aalto 1.3.3 adds the start index of a fed array to its offsets.

    /** The array last handed to the parser: chunk[0, chunkLen) holds offsets [chunkBase, chunkBase + chunkLen). */
    private byte[] chunk = EMPTY;
    private int chunkLen;
    private long chunkBase;
    /** Unconsumed bytes of earlier chunks: carry[0, carryLen) holds offsets [chunkBase - carryLen, chunkBase). */
    private byte[] carry = EMPTY;
    private int carryLen;
    /** Offset just past the last returned event (or past whitespace ignored after it). */
    private long mark;

    /** An incomplete UTF-8 sequence at the end of the input, not yet handed to the parser. */
    private final byte[] utf8Tail = new byte[3];
    private int utf8TailLen;

    /** Raw bytes at the start of the stream inspected so far (for BOM and NUL checks), at most 4. */
    private int startBytes;
    /** Leading bytes of a UTF-8 BOM held back; -1 once a BOM was skipped. */
    private int heldBom;

    private boolean xmlDeclaration;
    private String declaredEncoding;

    /**
     * @param maxStanzaBytes the largest stanza (and stream header) accepted, in bytes
     */
    public XmlStreamTokenizer(int maxStanzaBytes) {
        if (maxStanzaBytes <= 0) throw new IllegalArgumentException("maxStanzaBytes must be positive");
        this.maxStanzaBytes = maxStanzaBytes;
        newParser();
    }

    public int maxStanzaBytes() { return maxStanzaBytes; }

    /** Whether {@link StreamEvent.Close} has been returned. */
    public boolean isClosed() { return state == State.CLOSED; }

    /**
     * Whether the parser has consumed all input fed so far, i.e. {@link #feed} may be called.
     * False after a failure; true after the stream was closed (input is then ignored).
     */
    public boolean needsInput() {
        return switch (state) {
            case CLOSED -> true;
            case FAILED -> false;
            default -> feeder.needMoreInput();
        };
    }

    /**
     * Hands the next bytes of the stream to the parser. Copies what it keeps: the caller may reuse
     * {@code buf} as soon as this returns. Problems found here are reported by the next
     * {@link #next()}.
     *
     * @throws IllegalStateException unless {@link #needsInput()}
     */
    public void feed(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (state == State.CLOSED) return;
        if (state == State.FAILED) throw new IllegalStateException("stream failed: " + failure.getMessage());
        if (!feeder.needMoreInput()) {
            throw new IllegalStateException("feed() while fed input remains unparsed; call next() until it returns null");
        }
        if (len == 0) return;
        retainUnconsumed();

        int room = utf8TailLen + UTF8_BOM.length + len; // held bytes, a released partial BOM, the input
        if (chunk.length < room) chunk = new byte[Math.max(room, 1024)];
        int n = utf8TailLen;
        System.arraycopy(utf8Tail, 0, chunk, 0, utf8TailLen);
        utf8TailLen = 0;
        int i = off;
        final int end = off + len;
        while (startBytes < 4 && i < end) { // the first bytes of a stream: encoding sniffing
            byte b = buf[i++];
            int pos = startBytes++;
            if (b == 0 || (pos == 0 && (b == (byte) 0xFE || b == (byte) 0xFF))) {
                fail(XmlSupport.unsupportedEncoding("only UTF-8 is supported (found a UTF-16/UTF-32 byte order mark or NUL byte)"));
                return;
            }
            if (pos < UTF8_BOM.length && heldBom == pos && b == UTF8_BOM[pos]) {
                heldBom = pos + 1 == UTF8_BOM.length ? -1 : pos + 1; // hold, or skip the complete BOM
                continue;
            }
            if (heldBom > 0) { // not a BOM after all: release what was held
                System.arraycopy(UTF8_BOM, 0, chunk, n, heldBom);
                n += heldBom;
                heldBom = 0;
            }
            chunk[n++] = b;
        }
        System.arraycopy(buf, i, chunk, n, end - i);
        n += end - i;
        n = holdIncompleteUtf8(n);
        chunkLen = n;
        if (n > 0) {
            try {
                feeder.feedInput(chunk, 0, n);
            } catch (XMLStreamException e) { // cannot happen: needMoreInput() was checked
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The next complete event, or null when more input is needed (or the stream is closed).
     *
     * @throws XmppStreamException the stream is broken; {@link XmppStreamException#condition()}
     *         names the stream error to send
     */
    public StreamEvent next() throws XmppStreamException {
        switch (state) {
            case FAILED: throw failure;
            case CLOSED: return null;
            default: break;
        }
        try {
            return advance();
        } catch (XmppStreamException e) {
            fail(e);
            throw e;
        }
    }

    /**
     * Starts a new stream on the same connection (after SASL success or STARTTLS): discards the
     * parser and expects a new stream header, optionally preceded by an XML declaration.
     *
     * @param keepUnconsumed true to re-parse the bytes fed after the end of the last returned event
     *        (a client pipelining its new stream header, e.g. after SASL success; leading whitespace
     *        is dropped); false to drop them (after STARTTLS they are TLS records)
     */
    public void restart(boolean keepUnconsumed) {
        byte[] pending = keepUnconsumed ? unconsumedBytes() : EMPTY;
        int from = 0;
        while (from < pending.length && isSpace(pending[from])) from++;
        newParser();
        if (from < pending.length) feed(pending, from, pending.length - from);
    }

    private static boolean isSpace(byte b) { return b == ' ' || b == '\n' || b == '\r' || b == '\t'; }

    private void newParser() {
        // The old reader is dropped, not closed: closing hands its buffers to the thread-local
        // buffer recycler Aalto captured when the reader was created, and BufferRecycler is not
        // thread-safe, so that is unsafe for a tokenizer that moves between threads. Without
        // close() Aalto never returns buffers (it may still take its first text buffer from the
        // creating thread's recycler, if other Aalto code left one there).
        reader = XmlSupport.newAsyncReader();
        feeder = reader.getInputFeeder();
        state = State.PROLOG;
        failure = null;
        assembler.reset();
        chunkLen = 0;
        chunkBase = 0;
        carryLen = 0;
        if (carry.length > KEEP_BUFFER) carry = EMPTY;
        mark = 0;
        utf8TailLen = 0;
        startBytes = 0;
        heldBom = 0;
        xmlDeclaration = false;
        declaredEncoding = null;
    }

    private void fail(XmppStreamException e) {
        state = State.FAILED;
        failure = e;
    }

    private StreamEvent advance() throws XmppStreamException {
        final AsyncXMLStreamReader<AsyncByteArrayFeeder> r = reader;
        while (true) {
            int ev;
            try {
                ev = r.next();
            } catch (XMLStreamException | RuntimeException e) {
                throw classify(e);
            }
            switch (ev) {
                case AsyncXMLStreamReader.EVENT_INCOMPLETE -> {
                    // Everything fed is inside the parser: bound what an unfinished element may hold.
                    checkSize(chunkBase + chunkLen);
                    return null;
                }
                case XMLStreamConstants.START_DOCUMENT -> {
                    xmlDeclaration = r.getVersion() != null;
                    declaredEncoding = r.getCharacterEncodingScheme();
                    if (!XmlSupport.isUtf8(declaredEncoding)) {
                        throw XmlSupport.unsupportedEncoding("only UTF-8 is supported, not " + declaredEncoding);
                    }
                }
                case XMLStreamConstants.START_ELEMENT -> {
                    long end = endOffset();
                    checkSize(end);
                    if (state == State.PROLOG) return open(end);
                    assembler.start(r);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    long end = endOffset();
                    if (assembler.depth() == 0) { // between stanzas: keepalive whitespace only
                        if (!XmlSupport.isXmlWhitespace(r.getTextCharacters(), r.getTextStart(), r.getTextLength())) {
                            throw new XmppStreamException(XmppStreamException.BAD_FORMAT,
                                    "character data between stanzas");
                        }
                        mark = end;
                    } else {
                        checkSize(end);
                        assembler.text(r);
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    long end = endOffset();
                    if (assembler.depth() == 0) {
                        state = State.CLOSED;
                        mark = end;
                        return StreamEvent.Close.INSTANCE;
                    }
                    checkSize(end);
                    Element done = assembler.end();
                    if (done != null) {
                        int size = (int) (end - mark);
                        mark = end;
                        return new StreamEvent.Stanza(done, size);
                    }
                }
                case XMLStreamConstants.DTD, XMLStreamConstants.COMMENT,
                     XMLStreamConstants.PROCESSING_INSTRUCTION, XMLStreamConstants.ENTITY_REFERENCE ->
                        throw XmlSupport.restricted(ev);
                case XMLStreamConstants.END_DOCUMENT -> { // end of input is never signalled
                    return null;
                }
                default -> throw new XmppStreamException(XmppStreamException.NOT_WELL_FORMED,
                        "unexpected XML event type " + ev);
            }
        }
    }

    private StreamEvent.Open open(long end) throws XmppStreamException {
        final AsyncXMLStreamReader<AsyncByteArrayFeeder> r = reader;
        String local = r.getLocalName();
        String ns = r.getNamespaceURI();
        if (!"stream".equals(local) || !StreamEvent.STREAMS_NS.equals(ns)) {
            throw new XmppStreamException(XmppStreamException.INVALID_NAMESPACE,
                    "root element must be {" + StreamEvent.STREAMS_NS + "}stream, not {" + (ns == null ? "" : ns) + "}" + local);
        }
        Map<String, String> namespaces = new LinkedHashMap<>(4);
        for (int i = 0, n = r.getNamespaceCount(); i < n; i++) {
            String p = r.getNamespacePrefix(i);
            String uri = r.getNamespaceURI(i);
            namespaces.put(p == null ? "" : p, uri == null ? "" : uri);
        }
        Map<String, String> attributes = new LinkedHashMap<>(8);
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            attributes.put(XmlSupport.attributeKey(r, i, null), r.getAttributeValue(i));
        }
        String prefix = r.getPrefix();
        state = State.STREAM;
        mark = end;
        return new StreamEvent.Open(prefix == null ? "" : prefix, local, ns, namespaces.get(""),
                namespaces, attributes, xmlDeclaration, declaredEncoding);
    }

    private long endOffset() throws XmppStreamException {
        try {
            return reader.getLocationInfo().getEndingByteOffset();
        } catch (XMLStreamException e) {
            throw XmlSupport.mapAaltoFailure(e);
        }
    }

    private void checkSize(long position) throws XmppStreamException {
        if (position - mark > maxStanzaBytes) {
            throw new XmppStreamException(XmppStreamException.POLICY_VIOLATION,
                    (state == State.PROLOG ? "stream header" : "stanza") + " larger than " + maxStanzaBytes + " bytes");
        }
    }

    private XmppStreamException classify(Exception e) {
        if (state == State.PROLOG) {
            // Aalto's async scanner fails on "<!DOCTYPE name [" (internal subset without an
            // external id) with a generic syntax error instead of reporting a DTD event.
            byte[] prolog = unconsumedBytes();
            if (XmlSupport.containsDoctype(prolog, 0, prolog.length)) {
                return new XmppStreamException(XmppStreamException.RESTRICTED_XML,
                        "document type declarations are not allowed in XMPP", e);
            }
        }
        return XmlSupport.mapAaltoFailure(e);
    }

    /**
     * Keeps an incomplete UTF-8 sequence at the end of chunk[0, n) back for the next feed, so
     * that the parser never sees a code point split between two inputs: Aalto 1.3.3 corrupts a
     * 4-byte character split that way inside an attribute value (it comes out as U+F600 for
     * U+1F600, for instance). Returns the number of bytes to hand to the parser now.
     */
    private int holdIncompleteUtf8(int n) {
        final byte[] c = chunk;
        int stop = Math.max(0, n - 3);
        int i = n - 1;
        while (i >= stop && (c[i] & 0xC0) == 0x80) i--; // continuation bytes
        if (i < stop) return n; // none, or three continuation bytes: complete or not ours to judge
        int lead = c[i] & 0xFF;
        int need = lead >= 0xF8 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (n - i >= need) return n;
        utf8TailLen = n - i;
        System.arraycopy(c, i, utf8Tail, 0, utf8TailLen);
        return i;
    }

    /** Moves the not yet consumed tail of the current chunk into {@link #carry}, before the chunk is reused. */
    private void retainUnconsumed() {
        long fedEnd = chunkBase + chunkLen;
        if (mark >= fedEnd) {
            carryLen = 0;
            if (carry.length > KEEP_BUFFER) carry = EMPTY;
        } else {
            long carryStart = chunkBase - carryLen;
            if (mark > carryStart) {
                int drop = (int) Math.min(mark - carryStart, carryLen);
                System.arraycopy(carry, drop, carry, 0, carryLen - drop);
                carryLen -= drop;
            }
            int from = (int) Math.max(0, mark - chunkBase);
            int add = chunkLen - from;
            if (carry.length < carryLen + add) {
                byte[] grown = new byte[Math.max(carryLen + add, Math.max(256, carry.length * 2))];
                System.arraycopy(carry, 0, grown, 0, carryLen);
                carry = grown;
            }
            System.arraycopy(chunk, from, carry, carryLen, add);
            carryLen += add;
        }
        chunkBase = fedEnd;
        chunkLen = 0;
    }

    /** Copy of the bytes fed after {@link #mark}, including those held back from the parser. */
    private byte[] unconsumedBytes() {
        long carryStart = chunkBase - carryLen;
        int fromCarry = (int) Math.max(0, Math.min(carryLen, mark - carryStart));
        int fromChunk = (int) Math.max(0, Math.min(chunkLen, mark - chunkBase));
        int bomPart = Math.max(0, heldBom);
        int carryPart = carryLen - fromCarry;
        int chunkPart = chunkLen - fromChunk;
        byte[] out = new byte[bomPart + carryPart + chunkPart + utf8TailLen];
        int p = 0;
        System.arraycopy(UTF8_BOM, 0, out, p, bomPart);
        p += bomPart;
        System.arraycopy(carry, fromCarry, out, p, carryPart);
        p += carryPart;
        System.arraycopy(chunk, fromChunk, out, p, chunkPart);
        p += chunkPart;
        System.arraycopy(utf8Tail, 0, out, p, utf8TailLen);
        return out;
    }
}
