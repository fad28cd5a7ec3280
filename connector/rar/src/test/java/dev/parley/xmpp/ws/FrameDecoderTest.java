package dev.parley.xmpp.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.StreamEvent;
import dev.parley.xmpp.xml.XmppStreamException;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final String OPEN = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.com' version='1.0' xml:lang='de'/>";
    private static final int MAX = 10_000;

    private static FrameDecoder opened() throws XmppStreamException {
        FrameDecoder d = new FrameDecoder(MAX);
        d.decode(OPEN);
        return d;
    }

    private static String condition(FrameDecoder d, String message) {
        return assertThrows(XmppStreamException.class, () -> d.decode(message)).condition();
    }

    @Test
    void openBecomesAStreamHeaderOfAJabberClientStream() throws Exception {
        StreamEvent.Open o = assertInstanceOf(StreamEvent.Open.class, new FrameDecoder(MAX).decode(OPEN));
        assertEquals("example.com", o.to());
        assertEquals("1.0", o.version());
        assertEquals("de", o.lang());
        assertEquals(FrameDecoder.FRAMING, o.namespace());
        assertEquals(Ns.CLIENT, o.defaultNamespace());
        assertEquals(null, o.attributes().get("xmlns"));
    }

    @Test
    void closeEndsTheStream() throws Exception {
        assertInstanceOf(StreamEvent.Close.class, opened().decode("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"));
        // a client may also close before opening (or right after a restart)
        assertInstanceOf(StreamEvent.Close.class, new FrameDecoder(MAX).decode("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"));
    }

    @Test
    void aStanzaIsOneElementWithItsNamespaces() throws Exception {
        String msg = "<message xmlns='jabber:client' to='juliet@example.com/balcony' type='chat'>"
                + "<body>Wherefore &amp; art thou?</body><x xmlns='urn:example'><y/></x></message>";
        StreamEvent.Stanza s = assertInstanceOf(StreamEvent.Stanza.class, opened().decode(msg));
        Element e = s.element();
        assertTrue(e.is("message", Ns.CLIENT));
        assertEquals("juliet@example.com/balcony", e.attr("to"));
        assertEquals("Wherefore & art thou?", e.childText("body", Ns.CLIENT));
        assertNotNull(e.element("x", "urn:example").element("y", "urn:example"));
        assertEquals(msg.length(), s.byteLength());
    }

    @Test
    void anElementWithoutNamespaceIsReadInJabberClient() throws Exception {
        Element e = ((StreamEvent.Stanza) opened().decode("<message to='a@example.com'><body>hi</body></message>")).element();
        assertTrue(e.is("message", Ns.CLIENT));
        assertEquals("hi", e.childText("body", Ns.CLIENT));
        Element p = ((StreamEvent.Stanza) opened().decode("<?xml version='1.0'?>\n<presence/>")).element();
        assertTrue(p.is("presence", Ns.CLIENT));
        // other namespaces are kept
        Element auth = ((StreamEvent.Stanza) opened().decode("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>")).element();
        assertTrue(auth.is("auth", Ns.SASL));
    }

    @Test
    void anXmlDeclarationIsAcceptedButOnlyForUtf8() throws Exception {
        FrameDecoder d = opened();
        assertInstanceOf(StreamEvent.Stanza.class, d.decode("<?xml version='1.0' encoding='UTF-8'?><iq xmlns='jabber:client' type='get' id='1'/>"));
        assertEquals(XmppStreamException.UNSUPPORTED_ENCODING,
                condition(d, "<?xml version='1.0' encoding='ISO-8859-1'?><iq xmlns='jabber:client' type='get' id='1'/>"));
    }

    @Test
    void somethingElseWhereTheStreamMustOpenIsInvalidNamespace() throws Exception {
        assertEquals(XmppStreamException.INVALID_NAMESPACE, condition(new FrameDecoder(MAX), "<message xmlns='jabber:client'/>"));
        FrameDecoder d = opened();
        d.restart(); // after SASL success the client must send a new <open/> (RFC 7395 §3.7)
        assertTrue(d.expectsOpen());
        assertEquals(XmppStreamException.INVALID_NAMESPACE, condition(d, "<iq xmlns='jabber:client' type='set' id='b'/>"));
        FrameDecoder again = opened();
        again.restart();
        assertInstanceOf(StreamEvent.Open.class, again.decode(OPEN));
        assertInstanceOf(StreamEvent.Stanza.class, again.decode("<iq xmlns='jabber:client' type='set' id='b'/>"));
    }

    @Test
    void streamHeadersOutsideTheFramingNamespaceAreInvalidNamespace() {
        for (String m : new String[] {
                "<open xmlns='jabber:client' to='example.com' version='1.0'/>",
                "<open to='example.com' version='1.0'/>",
                "<close/>",
                "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' to='example.com' version='1.0'/>",
                "<stream xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"}) {
            assertEquals(XmppStreamException.INVALID_NAMESPACE, condition(new FrameDecoder(MAX), m), m);
        }
    }

    @Test
    void aTcpStreamHeaderIsNotAnElement() {
        assertEquals(XmppStreamException.NOT_WELL_FORMED, condition(new FrameDecoder(MAX),
                "<?xml version='1.0'?><stream:stream xmlns:stream='http://etherx.jabber.org/streams' xmlns='jabber:client' to='example.com' version='1.0'>"));
    }

    @Test
    void aMessageMustBeExactlyOneCompleteElement() throws Exception {
        FrameDecoder d = opened();
        for (String m : new String[] {
                "<message xmlns='jabber:client'><body>hi</message>",           // mismatched end tag
                "<message xmlns='jabber:client'><body>hi</body>",               // incomplete
                "<message xmlns='jabber:client'/><message xmlns='jabber:client'/>", // two elements
                "<message xmlns='jabber:client'/>trailing text",
                "leading text<message xmlns='jabber:client'/>",
                "<message xmlns='jabber:client' to='a' to='b'/>",               // duplicate attribute
                "<message xmlns='jabber:client'><x:y/></message>",              // undeclared prefix
                "",
                "   "}) {
            assertEquals(XmppStreamException.NOT_WELL_FORMED, condition(d, m), m);
        }
        // surrounding whitespace is harmless
        assertInstanceOf(StreamEvent.Stanza.class, d.decode("\n <presence xmlns='jabber:client'/>\n"));
    }

    @Test
    void restrictedXmlIsRefusedAndNothingIsExpanded() throws Exception {
        FrameDecoder d = opened();
        for (String m : new String[] {
                "<!DOCTYPE message [<!ENTITY x 'boom'>]><message xmlns='jabber:client'><body>&x;</body></message>",
                "<message xmlns='jabber:client'><body>&x;</body></message>",
                "<message xmlns='jabber:client'><!-- a comment --></message>",
                "<message xmlns='jabber:client'><?php echo 1; ?></message>"}) {
            assertEquals(XmppStreamException.RESTRICTED_XML, condition(d, m), m);
        }
    }

    @Test
    void sizeIsCountedInUtf8BytesAgainstTheStanzaLimit() throws Exception {
        FrameDecoder d = opened();
        String head = "<message xmlns='jabber:client'><body>";
        String tail = "</body></message>";
        String exact = head + "a".repeat(MAX - head.length() - tail.length()) + tail;
        assertEquals(MAX, exact.length());
        assertInstanceOf(StreamEvent.Stanza.class, d.decode(exact));
        assertEquals(XmppStreamException.POLICY_VIOLATION, condition(d, head + "a".repeat(MAX - head.length() - tail.length() + 1) + tail));
        // fewer chars than the limit, more bytes: 'é' is two bytes, '😀' four
        String twoByte = head + "é".repeat((MAX - head.length() - tail.length()) / 2 + 1) + tail;
        assertTrue(twoByte.length() < MAX);
        assertEquals(XmppStreamException.POLICY_VIOLATION, condition(d, twoByte));
        String fourByte = head + "😀".repeat((MAX - head.length() - tail.length()) / 4 + 1) + tail;
        assertTrue(fourByte.length() < MAX);
        assertEquals(XmppStreamException.POLICY_VIOLATION, condition(d, fourByte));
        // a deeply nested element is refused like on TCP
        assertEquals(XmppStreamException.POLICY_VIOLATION, condition(d, "<message xmlns='jabber:client'>" + "<a>".repeat(100) + "</a>".repeat(100) + "</message>"));
    }

    @Test
    void utf8Length() {
        assertEquals(0, FrameDecoder.utf8Length("", 10));
        assertEquals(1 + 2 + 3 + 4, FrameDecoder.utf8Length("aé€😀", 100));
        assertEquals(11, FrameDecoder.utf8Length("a".repeat(11), 10));
    }
}
