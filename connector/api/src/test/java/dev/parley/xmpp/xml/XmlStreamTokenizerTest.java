package dev.parley.xmpp.xml;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class XmlStreamTokenizerTest {

    static final String STREAMS = "http://etherx.jabber.org/streams";
    static final String HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS
            + "' to='example.com' version='1.0'>";
    static final int MAX = 10_000;

    // ---------------------------------------------------------------- helpers

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** Drains all events available now. */
    static void drain(XmlStreamTokenizer t, List<StreamEvent> out) throws XmppStreamException {
        StreamEvent ev;
        while ((ev = t.next()) != null) out.add(ev);
    }

    /**
     * Feeds {@code data} in pieces of {@code chunk} bytes, each placed at a non-zero offset of a
     * scratch array that is overwritten right after feed() (so the tokenizer must copy).
     */
    static List<StreamEvent> run(XmlStreamTokenizer t, byte[] data, int chunk) throws XmppStreamException {
        List<StreamEvent> out = new ArrayList<>();
        byte[] scratch = new byte[chunk + 7];
        int pos = 0;
        drain(t, out);
        while (pos < data.length) {
            int n = Math.min(chunk, data.length - pos);
            System.arraycopy(data, pos, scratch, 5, n);
            assertTrue(t.needsInput());
            t.feed(scratch, 5, n);
            Arrays.fill(scratch, (byte) '#');
            pos += n;
            drain(t, out);
        }
        return out;
    }

    static List<StreamEvent> run(byte[] data, int chunk) throws XmppStreamException {
        return run(new XmlStreamTokenizer(MAX), data, chunk);
    }

    static List<StreamEvent> runAll(String s) throws XmppStreamException {
        byte[] b = utf8(s);
        return run(b, Math.max(1, b.length));
    }

    /** Feeds the first k bytes, drains, then the rest. */
    static List<StreamEvent> runSplit(byte[] data, int k) throws XmppStreamException {
        XmlStreamTokenizer t = new XmlStreamTokenizer(MAX);
        List<StreamEvent> out = new ArrayList<>();
        t.feed(data, 0, k);
        drain(t, out);
        t.feed(data, k, data.length - k);
        drain(t, out);
        return out;
    }

    static XmppStreamException failure(String streamText) {
        return failure(utf8(streamText), Integer.MAX_VALUE);
    }

    static XmppStreamException failure(byte[] data, int chunk) {
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> run(data, Math.min(chunk, Math.max(1, data.length))),
                "expected a stream error");
        assertNotNull(e.condition());
        return e;
    }

    static void assertCondition(String condition, String streamText) {
        assertEquals(condition, failure(streamText).condition(), streamText);
        // and the same when the input trickles in byte by byte
        assertEquals(condition, failure(utf8(streamText), 1).condition(), "byte by byte: " + streamText);
    }

    static Element stanza(StreamEvent ev) {
        return assertInstanceOf(StreamEvent.Stanza.class, ev).element();
    }

    // ---------------------------------------------------------------- a typical stream

    static final String MESSAGE = "<message to='romeo@example.net' type='chat' id='m&amp;1&#x27;' xml:lang='fr'>"
            + "<body>Caf\u00e9 &amp; &lt;th\u00e9&gt; &#65;&#x42;&#x1F600; \uD83D\uDE00 \"q\" 'a' ]]&gt;</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/>"
            + "<x xmlns='urn:x' xmlns:foo='urn:foo' a='&quot;&apos;&lt;&gt;&amp;' foo:bar='\u00e9'>t<y>z</y>w<![CDATA[<raw> & ]]>v</x>"
            + "</message>";
    static final String IQ = "<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>";
    static final String PRESENCE = "<presence/>";
    static final String TYPICAL = "<?xml version='1.0' encoding='UTF-8'?>\n"
            + "<stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS + "' to='example.com'"
            + " from='juliet@example.com' version='1.0' xml:lang='en' id='s-1'>\n  "
            + MESSAGE + "\n \t\r\n" + IQ + " " + PRESENCE + "\n</stream:stream>";

    static Element expectedMessage() {
        Element m = Element.of("message", "jabber:client")
                .attr("to", "romeo@example.net").attr("type", "chat").attr("id", "m&1'").attr("xml:lang", "fr");
        m.addChild("body", "jabber:client").text("Caf\u00e9 & <th\u00e9> AB\uD83D\uDE00 \uD83D\uDE00 \"q\" 'a' ]]>");
        m.addChild("active", "http://jabber.org/protocol/chatstates");
        Element x = m.addChild("x", "urn:x").attr("a", "\"'<>&")
                .attr("xmlns:foo", "urn:foo").attr("foo:bar", "\u00e9");
        x.text("t");
        x.addChild("y", "urn:x").text("z");
        x.text("w<raw> & v");
        return m;
    }

    static Element expectedIq() {
        Element iq = Element.of("iq", "jabber:client").attr("type", "get").attr("id", "r1");
        iq.addChild("query", "jabber:iq:roster");
        return iq;
    }

    static List<StreamEvent> expectedTypical() {
        StreamEvent.Open open = new StreamEvent.Open("stream", "stream", STREAMS, "jabber:client",
                Map.of("", "jabber:client", "stream", STREAMS),
                Map.of("to", "example.com", "from", "juliet@example.com", "version", "1.0",
                        "xml:lang", "en", "id", "s-1"),
                true, "UTF-8");
        return List.of(open,
                new StreamEvent.Stanza(expectedMessage(), utf8(MESSAGE).length),
                new StreamEvent.Stanza(expectedIq(), utf8(IQ).length),
                new StreamEvent.Stanza(Element.of("presence", "jabber:client"), PRESENCE.length()),
                StreamEvent.Close.INSTANCE);
    }

    @Test
    void typicalClientStream() throws Exception {
        List<StreamEvent> events = runAll(TYPICAL);
        assertEquals(expectedTypical(), events);

        StreamEvent.Open open = (StreamEvent.Open) events.get(0);
        assertEquals("example.com", open.to());
        assertEquals("juliet@example.com", open.from());
        assertEquals("1.0", open.version());
        assertEquals("s-1", open.id());
        assertEquals("en", open.lang());
        assertTrue(open.xmlDeclaration());
        assertTrue(open.declaredEncoding());

        Element m = stanza(events.get(1));
        assertEquals("chat", m.attr("type"));
        assertEquals("fr", m.attr(Element.XML_LANG));
        assertNotNull(m.element("active", "http://jabber.org/protocol/chatstates"));
        assertEquals("\"'<>&", m.element("x", "urn:x").attr("a"));
    }

    @Test
    void elementsRoundTripThroughToXml() throws Exception {
        List<StreamEvent> events = runAll(TYPICAL);
        for (StreamEvent ev : events) {
            if (ev instanceof StreamEvent.Stanza s) {
                String xml = s.element().toXml();
                List<StreamEvent> again = runAll(HEADER + xml);
                assertEquals(2, again.size(), xml);
                assertEquals(s.element(), stanza(again.get(1)), xml);
                assertEquals(s.element(), XmlParser.parse(s.element().toXml("")), xml);
            }
        }
        assertEquals("<iq type=\"get\" id=\"r1\"><query xmlns=\"jabber:iq:roster\"/></iq>", stanza(events.get(2)).toXml());
    }

    @Test
    void streamWithoutDeclarationAndOtherDefaultNamespace() throws Exception {
        List<StreamEvent> events = runAll("<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
                + " xmlns:stream='" + STREAMS + "' from='a.example' to='b.example' version='1.0'>"
                + "<db:result from='a.example' to='b.example'>key</db:result>");
        StreamEvent.Open open = assertInstanceOf(StreamEvent.Open.class, events.get(0));
        assertFalse(open.xmlDeclaration());
        assertNull(open.encoding());
        assertEquals("jabber:server", open.defaultNamespace());
        assertEquals("jabber:server:dialback", open.namespaces().get("db"));
        Element result = stanza(events.get(1));
        assertTrue(result.is("result", "jabber:server:dialback"));
        assertEquals("key", result.text());
        assertEquals(2, events.size());
    }

    @Test
    void headerWithoutDefaultNamespaceAndWithDeclarationWithoutEncoding() throws Exception {
        List<StreamEvent> events = runAll("<?xml version='1.0'?><stream:stream xmlns:stream='" + STREAMS + "'>");
        StreamEvent.Open open = assertInstanceOf(StreamEvent.Open.class, events.get(0));
        assertTrue(open.xmlDeclaration());
        assertFalse(open.declaredEncoding());
        assertNull(open.defaultNamespace());
        assertNull(open.to());
    }

    @Test
    void unprefixedStreamElementIsAccepted() throws Exception {
        List<StreamEvent> events = runAll("<stream xmlns='" + STREAMS + "'><message xmlns='jabber:client'/></stream>");
        StreamEvent.Open open = assertInstanceOf(StreamEvent.Open.class, events.get(0));
        assertEquals("", open.prefix());
        assertEquals(STREAMS, open.defaultNamespace());
        assertTrue(stanza(events.get(1)).is("message", "jabber:client"));
        assertSame(StreamEvent.Close.INSTANCE, events.get(2));
    }

    // ---------------------------------------------------------------- splitting

    @Test
    void everySplitPointGivesTheSameEvents() throws Exception {
        byte[] data = utf8(TYPICAL);
        List<StreamEvent> expected = expectedTypical();
        for (int k = 1; k < data.length; k++) {
            assertEquals(expected, runSplit(data, k), "split at " + k);
        }
    }

    @Test
    void byteByByteAndSmallChunksGiveTheSameEvents() throws Exception {
        byte[] data = utf8(TYPICAL);
        for (int chunk : new int[] {1, 2, 3, 5, 7, 64}) {
            assertEquals(expectedTypical(), run(data, chunk), "chunk " + chunk);
        }
    }

    @Test
    void multiByteCharactersSplitInsideCodePoints() throws Exception {
        String body = "\u00e9\u00e8 \u4e2d\u6587 \uD83D\uDE00\uD83D\uDC4D";
        String s = HEADER + "<message><body>" + body + "</body><x xmlns='urn:x' v='\uD83D\uDE00\u00e9'/></message>";
        byte[] data = utf8(s);
        for (int k = 1; k < data.length; k++) {
            List<StreamEvent> events = runSplit(data, k);
            assertEquals(2, events.size());
            Element m = stanza(events.get(1));
            assertEquals(body, m.childText("body", "jabber:client"), "split at " + k);
            assertEquals("\uD83D\uDE00\u00e9", m.element("x", "urn:x").attr("v"));
        }
    }

    @Test
    void utf8ByteOrderMarkIsSkipped() throws Exception {
        byte[] text = utf8(TYPICAL);
        byte[] data = new byte[text.length + 3];
        data[0] = (byte) 0xEF; data[1] = (byte) 0xBB; data[2] = (byte) 0xBF;
        System.arraycopy(text, 0, data, 3, text.length);
        assertEquals(expectedTypical(), run(data, data.length));
        assertEquals(expectedTypical(), run(data, 1));
        assertEquals(expectedTypical(), run(data, 2));
    }

    // ---------------------------------------------------------------- restricted XML

    @Test
    void doctypeIsRestricted() {
        assertCondition("restricted-xml", "<!DOCTYPE stream:stream>" + HEADER);
        assertCondition("restricted-xml", "<?xml version='1.0'?><!DOCTYPE stream SYSTEM 'http://example.com/x.dtd'>" + HEADER);
        assertCondition("restricted-xml", "<?xml version='1.0'?><!DOCTYPE stream PUBLIC '-//X//EN' 'x.dtd' [<!ENTITY e 'x'>]>" + HEADER);
    }

    @Test
    void billionLaughsIsRestrictedAndNeverExpanded() {
        String lol = "<?xml version='1.0'?>\n<!DOCTYPE lolz [\n <!ENTITY lol 'lol'>\n"
                + " <!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>\n"
                + " <!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>\n"
                + " <!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>\n"
                + "]>\n" + HEADER + "<message><body>&lol3;</body></message>";
        assertCondition("restricted-xml", lol);
        assertCondition("restricted-xml", "<!DOCTYPE s [<!ENTITY e 'EXPANDED'>]>" + HEADER + "<message>&e;</message>");
    }

    @Test
    void undeclaredEntityReferenceInTextIsRestrictedNotExpanded() throws Exception {
        XmlStreamTokenizer t = new XmlStreamTokenizer(MAX);
        byte[] data = utf8(HEADER + "<message><body>a&custom;b</body></message><presence/>");
        t.feed(data, 0, data.length);
        assertInstanceOf(StreamEvent.Open.class, t.next());
        XmppStreamException e = assertThrows(XmppStreamException.class, t::next);
        assertEquals("restricted-xml", e.condition());
        // errors are final
        assertSame(e, assertThrows(XmppStreamException.class, t::next));
        assertFalse(t.needsInput());

        assertCondition("restricted-xml", HEADER + "<message><body>&custom;</body></message>");
        assertCondition("restricted-xml", HEADER + "&custom;");
        assertCondition("restricted-xml", HEADER + "<message>&lt;&custom;&gt;</message>");
    }

    @Test
    void entityReferenceInAttributeValueIsRestricted() {
        assertCondition("restricted-xml", HEADER + "<message to='a&custom;b'/>");
        assertCondition("restricted-xml", HEADER + "<message><x xmlns='urn:x' v='&custom;'/></message>");
        assertCondition("restricted-xml", "<stream:stream xmlns:stream='" + STREAMS + "' to='&custom;'>");
    }

    @Test
    void predefinedEntitiesAndCharacterReferencesAreFine() throws Exception {
        List<StreamEvent> events = runAll(HEADER + "<m a='&amp;&lt;&gt;&quot;&apos;&#65;&#x42;'>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;</m>");
        Element m = stanza(events.get(1));
        assertEquals("&<>\"'AB", m.attr("a"));
        assertEquals("&<>\"'AB", m.text());
    }

    @Test
    void processingInstructionsAreRestricted() {
        assertCondition("restricted-xml", HEADER + "<message><?foo bar?></message>");
        assertCondition("restricted-xml", HEADER + "<message/><?foo bar?><message/>");
        assertCondition("restricted-xml", "<?xml version='1.0'?><?foo bar?>" + HEADER);
    }

    @Test
    void commentsAreRestricted() {
        assertCondition("restricted-xml", HEADER + "<message><!-- hi --></message>");
        assertCondition("restricted-xml", HEADER + "<message/><!-- hi --><message/>");
        assertCondition("restricted-xml", "<!-- hi -->" + HEADER);
    }

    // ---------------------------------------------------------------- not well-formed

    @Test
    void malformedXmlIsNotWellFormed() {
        // Aalto compares a mismatched end tag against the expected name up to 4 bytes at a time,
        // so a short wrong name is only reported once a few more bytes have arrived.
        assertCondition("not-well-formed", HEADER + "<a><b></a><presence/>");
        assertCondition("not-well-formed", HEADER + "<message><body></message>");
        assertCondition("not-well-formed", HEADER + "<message></presence>");
        assertCondition("not-well-formed", HEADER + "<message to=romeo/>");
        assertCondition("not-well-formed", HEADER + "<message to='a' to='b'/>");
        assertCondition("not-well-formed", HEADER + "<message to='a'type='b'/>");
        assertCondition("not-well-formed", HEADER + "<message to 'a'/>");
        assertCondition("not-well-formed", HEADER + "<message to='a\"/><presence/>"); // unclosed quote
        assertCondition("not-well-formed", HEADER + "<message to='<'/>");
        assertCondition("not-well-formed", HEADER + "<x:message/>");
        assertCondition("not-well-formed", HEADER + "<message x:to='a'/>");
        assertCondition("not-well-formed", HEADER + "<message>a & b</message>");
        assertCondition("not-well-formed", HEADER + "<message>\u0001</message>");
        assertCondition("not-well-formed", HEADER + "<?xml version='1.0'?>");
        assertCondition("not-well-formed", HEADER + "</stream><presence/>");
        assertCondition("not-well-formed", "<stream:stream xmlns='jabber:client'>");
        assertCondition("not-well-formed", "hello");
    }

    @Test
    void invalidUtf8IsNotWellFormed() {
        byte[] head = utf8(HEADER + "<message>");
        byte[] data = Arrays.copyOf(head, head.length + 2);
        data[head.length] = (byte) 0xC3;
        data[head.length + 1] = (byte) 0x28; // not a continuation byte
        assertEquals("not-well-formed", failure(data, data.length).condition());
    }

    // ---------------------------------------------------------------- encodings and namespaces

    @Test
    void nonUtf8EncodingsAreUnsupported() throws Exception {
        assertCondition("unsupported-encoding", "<?xml version='1.0' encoding='ISO-8859-1'?>" + HEADER);
        assertCondition("unsupported-encoding", "<?xml version='1.0' encoding='UTF-16'?>" + HEADER);
        // spelling of UTF-8 does not matter
        assertInstanceOf(StreamEvent.Open.class, runAll("<?xml version='1.0' encoding='utf-8'?>" + HEADER).get(0));
    }

    @Test
    void utf16AndUtf32InputIsUnsupported() {
        byte[] be = ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_16BE);
        byte[] le = ("\uFEFF" + HEADER).getBytes(StandardCharsets.UTF_16LE);
        byte[] noBom = HEADER.getBytes(StandardCharsets.UTF_16BE);
        byte[] noBomLe = HEADER.getBytes(StandardCharsets.UTF_16LE);
        byte[] utf32 = {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, '<'};
        for (byte[] data : List.of(be, le, noBom, noBomLe, utf32)) {
            assertEquals("unsupported-encoding", failure(data, data.length).condition());
            assertEquals("unsupported-encoding", failure(data, 1).condition());
        }
    }

    @Test
    void wrongRootElementIsInvalidNamespace() throws Exception {
        assertCondition("invalid-namespace", "<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong'>");
        assertCondition("invalid-namespace", "<stream xmlns='jabber:client'>");
        assertCondition("invalid-namespace", "<stream:features xmlns:stream='" + STREAMS + "'>");
        // the content namespace is the caller's to check
        StreamEvent.Open open = (StreamEvent.Open) runAll("<stream:stream xmlns='urn:other' xmlns:stream='" + STREAMS + "'>").get(0);
        assertEquals("urn:other", open.defaultNamespace());
    }

    // ---------------------------------------------------------------- limits

    static String messageOfSize(int bytes) {
        String head = "<message><body>";
        String tail = "</body></message>";
        String s = head + "x".repeat(bytes - head.length() - tail.length()) + tail;
        assertEquals(bytes, utf8(s).length);
        return s;
    }

    @Test
    void stanzaAtTheLimitPassesAndOneByteMoreFails() throws Exception {
        int max = 1000;
        String ok = messageOfSize(max);
        List<StreamEvent> events = run(new XmlStreamTokenizer(max), utf8(HEADER + "\n " + ok + "  " + ok), 100);
        assertEquals(3, events.size());
        assertEquals(max, ((StreamEvent.Stanza) events.get(1)).byteLength());
        assertEquals(max, ((StreamEvent.Stanza) events.get(2)).byteLength());

        String tooBig = messageOfSize(max + 1);
        for (int chunk : new int[] {1, 100, 5000}) {
            XmppStreamException e = assertThrows(XmppStreamException.class,
                    () -> run(new XmlStreamTokenizer(max), utf8(HEADER + tooBig), chunk));
            assertEquals("policy-violation", e.condition());
        }
        // many small stanzas in one big chunk are fine
        assertEquals(1 + 500, run(new XmlStreamTokenizer(max), utf8(HEADER + "<presence/>".repeat(500)), 100_000).size());
    }

    @Test
    void unterminatedHugeTextFailsEarly() {
        assertFailsEarly(HEADER + "<message><body>", 'x');
    }

    @Test
    void unterminatedHugeStartTagFailsEarly() {
        assertFailsEarly(HEADER + "<message to='", 'x');
        assertFailsEarly(HEADER + "<message ", ' ');
    }

    @Test
    void unterminatedHugeCommentOrHeaderFailsEarly() {
        XmlStreamTokenizer t = new XmlStreamTokenizer(1000);
        assertThrows(XmppStreamException.class, () -> feedForever(t, utf8(HEADER + "<!--"), 'x'));
        assertFailsEarly("<stream:stream xmlns:stream='" + STREAMS + "' to='", 'x');
    }

    /** Feeds a prefix and then endless filler in 512-byte chunks; must fail before 1000 + 2 chunks. */
    static void assertFailsEarly(String prefix, char filler) {
        XmlStreamTokenizer t = new XmlStreamTokenizer(1000);
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> feedForever(t, utf8(prefix), filler));
        assertEquals("policy-violation", e.condition(), e.getMessage());
    }

    /** Returns only by throwing: the tokenizer's error, or a test failure once it has taken too much. */
    static void feedForever(XmlStreamTokenizer t, byte[] prefix, char filler) throws XmppStreamException {
        t.feed(prefix, 0, prefix.length);
        long fed = prefix.length;
        byte[] chunk = new byte[512];
        Arrays.fill(chunk, (byte) filler);
        while (true) {
            while (t.next() != null) { /* the header */ }
            if (fed > prefix.length + 1000 + 2 * chunk.length) fail("still accepting input after " + fed + " bytes");
            t.feed(chunk, 0, chunk.length);
            fed += chunk.length;
        }
    }

    @Test
    void hugeStreamHeaderFails() {
        String header = "<stream:stream xmlns:stream='" + STREAMS + "' to='" + "x".repeat(2000) + "'>";
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> run(new XmlStreamTokenizer(1000), utf8(header), 5000));
        assertEquals("policy-violation", e.condition());
    }

    @Test
    void deepNestingFails() throws Exception {
        String ok = "<a>".repeat(64) + "</a>".repeat(64);
        List<StreamEvent> events = runAll(HEADER + ok);
        assertEquals(2, events.size());
        assertCondition("policy-violation", HEADER + "<a>".repeat(65));
    }

    // ---------------------------------------------------------------- whitespace and text between stanzas

    @Test
    void whitespaceKeepalivesAreIgnored() throws Exception {
        XmlStreamTokenizer t = new XmlStreamTokenizer(200);
        List<StreamEvent> out = new ArrayList<>();
        byte[] h = utf8(HEADER);
        t.feed(h, 0, h.length);
        drain(t, out);
        byte[] space = utf8(" \n\t\r\n ");
        for (int i = 0; i < 100; i++) { // far more whitespace than maxStanzaBytes in total
            t.feed(space, 0, space.length);
            drain(t, out);
        }
        byte[] p = utf8("<presence/>  ");
        t.feed(p, 0, p.length);
        drain(t, out);
        assertEquals(2, out.size());
        assertEquals(11, ((StreamEvent.Stanza) out.get(1)).byteLength());
    }

    @Test
    void textBetweenStanzasIsBadFormat() {
        assertCondition("bad-format", HEADER + "hello");
        assertCondition("bad-format", HEADER + "<presence/>  x <presence/>");
        assertCondition("bad-format", HEADER + "&amp;");
        assertCondition("bad-format", HEADER + "<![CDATA[x]]>");
    }

    // ---------------------------------------------------------------- pausing, restart, close

    @Test
    void pausingAfterAnEventLosesNothing() throws Exception {
        XmlStreamTokenizer t = new XmlStreamTokenizer(MAX);
        byte[] h = utf8(HEADER);
        t.feed(h, 0, h.length);
        assertInstanceOf(StreamEvent.Open.class, t.next());
        assertNull(t.next());

        byte[] three = utf8("<message id='1'/><message id='2'><body>two</body></message><message id='3'/>");
        byte[] buf = three.clone();
        t.feed(buf, 0, buf.length);
        Arrays.fill(buf, (byte) 0); // the caller reuses its buffer while the tokenizer is paused
        assertEquals("1", stanza(t.next()).attr("id"));
        // paused: e.g. the stanza is processed on another thread
        assertFalse(t.needsInput());
        assertThrows(IllegalStateException.class, () -> t.feed(three, 0, three.length));
        assertEquals("2", stanza(t.next()).attr("id"));
        assertEquals("3", stanza(t.next()).attr("id"));
        assertNull(t.next());
        assertTrue(t.needsInput());
    }

    static final String SASL_SUCCESS = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>";
    static final String NEW_HEADER = "<stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS
            + "' to='example.com' version='1.0' id='second'>";

    static XmlStreamTokenizer openedTokenizer() throws XmppStreamException {
        XmlStreamTokenizer t = new XmlStreamTokenizer(MAX);
        byte[] h = utf8(TYPICAL.substring(0, TYPICAL.indexOf("<message")));
        t.feed(h, 0, h.length);
        assertInstanceOf(StreamEvent.Open.class, t.next());
        assertNull(t.next());
        return t;
    }

    @Test
    void restartKeepingUnconsumedBytesReparsesPipelinedHeader() throws Exception {
        XmlStreamTokenizer t = openedTokenizer();
        byte[] chunk = utf8(SASL_SUCCESS + "\n<?xml version='1.0'?>" + NEW_HEADER + "<iq id='a'/>");
        t.feed(chunk, 0, chunk.length);
        assertTrue(stanza(t.next()).is("success", "urn:ietf:params:xml:ns:xmpp-sasl"));
        // stop here: the new stream needs a restart first
        t.restart(true);
        StreamEvent.Open open = assertInstanceOf(StreamEvent.Open.class, t.next());
        assertEquals("second", open.id());
        assertTrue(open.xmlDeclaration());
        StreamEvent.Stanza iq = (StreamEvent.Stanza) t.next();
        assertEquals("a", iq.element().attr("id"));
        assertEquals("<iq id='a'/>".length(), iq.byteLength());
        assertNull(t.next());
    }

    @Test
    void restartKeepsBytesThatArrivedInEarlierChunks() throws Exception {
        byte[] data = utf8(SASL_SUCCESS + NEW_HEADER + "<presence/>");
        int first = SASL_SUCCESS.length() + 3; // <success/> and "<st"
        for (int k = first; k <= data.length; k++) {
            XmlStreamTokenizer t = openedTokenizer();
            List<StreamEvent> out = new ArrayList<>();
            t.feed(data, 0, first);
            drain(t, out);
            if (k > first) { // more of the new header, while the caller keeps calling next()
                t.feed(data, first, k - first);
                drain(t, out);
            }
            assertEquals(1, out.size(), "split at " + k);
            t.restart(true);
            drain(t, out);
            if (k < data.length) {
                t.feed(data, k, data.length - k);
                drain(t, out);
            }
            assertEquals(3, out.size(), "split at " + k);
            assertEquals("second", assertInstanceOf(StreamEvent.Open.class, out.get(1)).id());
            assertTrue(stanza(out.get(2)).is("presence", "jabber:client"));
        }
    }

    @Test
    void restartDroppingUnconsumedBytes() throws Exception {
        XmlStreamTokenizer t = openedTokenizer();
        byte[] chunk = utf8("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>\u0016\u0003\u0001garbage");
        t.feed(chunk, 0, chunk.length);
        assertTrue(stanza(t.next()).is("proceed", "urn:ietf:params:xml:ns:xmpp-tls"));
        t.restart(false);
        assertTrue(t.needsInput());
        assertNull(t.next());
        byte[] h = utf8("<?xml version='1.0'?>" + NEW_HEADER);
        t.feed(h, 0, h.length);
        assertEquals("second", ((StreamEvent.Open) t.next()).id());

        // the same with the pipelined header: it is dropped
        XmlStreamTokenizer t2 = openedTokenizer();
        byte[] c2 = utf8(SASL_SUCCESS + NEW_HEADER);
        t2.feed(c2, 0, c2.length);
        assertNotNull(t2.next());
        t2.restart(false);
        assertNull(t2.next());
        assertTrue(t2.needsInput());
    }

    @Test
    void restartAfterAnErrorStartsAfresh() throws Exception {
        XmlStreamTokenizer t = new XmlStreamTokenizer(MAX);
        byte[] bad = utf8("<?xml version='1.0' encoding='ISO-8859-1'?>");
        t.feed(bad, 0, bad.length);
        assertEquals("unsupported-encoding", assertThrows(XmppStreamException.class, t::next).condition());
        t.restart(false);
        assertEquals(expectedTypical(), run(t, utf8(TYPICAL), 17));
    }

    @Test
    void inputAfterCloseIsIgnored() throws Exception {
        XmlStreamTokenizer t = new XmlStreamTokenizer(MAX);
        byte[] data = utf8(HEADER + "<presence/></stream:stream> trailing <garbage & stuff");
        t.feed(data, 0, data.length);
        assertInstanceOf(StreamEvent.Open.class, t.next());
        assertNotNull(t.next());
        assertSame(StreamEvent.Close.INSTANCE, t.next());
        assertTrue(t.isClosed());
        assertNull(t.next());
        assertTrue(t.needsInput());
        t.feed(data, 0, data.length);
        assertNull(t.next());
    }

    @Test
    void feedCopiesInputAndRejectsBadArguments() throws Exception {
        XmlStreamTokenizer t = new XmlStreamTokenizer(MAX);
        assertThrows(IndexOutOfBoundsException.class, () -> t.feed(new byte[4], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> new XmlStreamTokenizer(0));
        byte[] data = utf8(HEADER + "<message><body>hello</body></message>");
        byte[] copy = data.clone();
        t.feed(copy, 0, 10);
        Arrays.fill(copy, 0, 10, (byte) 'z');
        assertNull(t.next());
        t.feed(copy, 10, copy.length - 10);
        Arrays.fill(copy, (byte) 'z');
        assertInstanceOf(StreamEvent.Open.class, t.next());
        assertEquals("hello", stanza(t.next()).childText("body", "jabber:client"));
    }
}
