package dev.parley.xmpp.xml;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmlParserTest {

    static void assertRejected(String condition, String xml) {
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> XmlParser.parse(xml), xml);
        assertEquals(condition, e.condition(), xml);
    }

    @Test
    void parsesAStanzaWithNamespacesAttributesAndText() throws Exception {
        String xml = XmlStreamTokenizerTest.MESSAGE.replace("<message ", "<message xmlns='jabber:client' ");
        Element parsed = XmlParser.parse(xml);
        assertEquals(XmlStreamTokenizerTest.expectedMessage(), parsed);
        assertEquals(parsed, XmlParser.parse(parsed.toXml("")));
        assertEquals(parsed, XmlParser.parse(parsed.toXml("jabber:client").replace("<message ", "<message xmlns=\"jabber:client\" ")));
    }

    @Test
    void roundTripsSerializedElements() throws Exception {
        Element e = Element.of("iq", "jabber:client").attr("type", "set").attr("id", "<&>\"'").attr(Element.XML_LANG, "de");
        Element q = e.addChild("query", "jabber:iq:roster").attr("ver", "1");
        q.addChild("item", "jabber:iq:roster").attr("jid", "a@b").text("x < y & \"z\" \uD83D\uDE00");
        q.addChild("group", "urn:other").text(" spaced ");
        assertEquals(e, XmlParser.parse(e.toXml("")));
        assertEquals(e, XmlParser.parse(e.toString()));
    }

    @Test
    void acceptsDeclarationAndSurroundingWhitespace() throws Exception {
        Element e = XmlParser.parse("<?xml version='1.0' encoding='UTF-8'?>\n <presence xmlns='jabber:client'/>\n");
        assertTrue(e.is("presence", "jabber:client"));
        assertTrue(XmlParser.parse("<a/>").is("a", ""));
    }

    @Test
    void rejectsDoctype() {
        assertRejected("restricted-xml", "<!DOCTYPE a><a/>");
        assertRejected("restricted-xml", "<!DOCTYPE a [<!ENTITY e 'EXPANDED'>]><a>&e;</a>");
        assertRejected("restricted-xml", "<?xml version='1.0'?><!DOCTYPE a SYSTEM 'file:///etc/passwd'><a/>");
    }

    @Test
    void rejectsEntitiesCommentsAndProcessingInstructions() throws Exception {
        assertRejected("restricted-xml", "<a>&custom;</a>");
        assertRejected("restricted-xml", "<a b='&custom;'/>");
        assertRejected("restricted-xml", "<a><!-- c --></a>");
        assertRejected("restricted-xml", "<!-- c --><a/>");
        assertRejected("restricted-xml", "<a><?pi x?></a>");
        assertRejected("restricted-xml", "<a/><?pi x?>");
        assertEquals("&<>\"'A\uD83D\uDE00", XmlParser.parse("<a>&amp;&lt;&gt;&quot;&apos;&#65;&#x1F600;</a>").text());
    }

    @Test
    void rejectsMalformedInput() {
        assertRejected("not-well-formed", "<a><b></a>");
        assertRejected("not-well-formed", "<a>");
        assertRejected("not-well-formed", "");
        assertRejected("not-well-formed", "   ");
        assertRejected("not-well-formed", "text");
        assertRejected("not-well-formed", "<a/><b/>");
        assertRejected("not-well-formed", "<a/>trailing");
        assertRejected("not-well-formed", "<x:a/>");
        assertRejected("not-well-formed", "<a b='<'/>");
    }

    @Test
    void rejectsOtherEncodingsAndDeepNesting() throws Exception {
        assertRejected("unsupported-encoding", "<?xml version='1.0' encoding='ISO-8859-1'?><a/>");
        assertEquals(1, XmlParser.parse("<a>".repeat(64) + "</a>".repeat(64)).elements().size());
        assertRejected("policy-violation", "<a>".repeat(65) + "</a>".repeat(65));
    }
}
