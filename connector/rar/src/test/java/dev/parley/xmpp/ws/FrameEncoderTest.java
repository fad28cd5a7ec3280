package dev.parley.xmpp.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    @Test
    void aStanzaSerializedForAJabberClientStreamGetsItsNamespace() throws Exception {
        Element m = new Element("message", Ns.CLIENT).attr("to", "romeo@example.net/orchard").attr("type", "chat");
        m.addChild("body", Ns.CLIENT).text("It is the east, & Juliet <is> the sun.");
        Element fwd = m.addChild("forwarded", Ns.FORWARD);
        fwd.addChild("message", Ns.CLIENT).attr("id", "inner").addChild("body", Ns.CLIENT).text("inner");
        String xml = m.toXml();
        assertTrue(xml.startsWith("<message to="), xml); // no xmlns: inherited from the TCP stream header
        List<String> frames = FrameEncoder.frames(xml);
        assertEquals(1, frames.size());
        assertTrue(frames.get(0).startsWith("<message xmlns='jabber:client' to="), frames.get(0));
        Element back = XmlParser.parse(frames.get(0));
        assertEquals(m, back);
    }

    @Test
    void selfClosingAndPrefixedRoots() throws Exception {
        assertEquals(List.of("<presence xmlns='jabber:client'/>"), FrameEncoder.frames("<presence/>"));
        assertEquals(List.of("<presence xmlns='jabber:client' type='unavailable'/>"), FrameEncoder.frames("<presence type='unavailable'/>"));
        String features = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>";
        List<String> f = FrameEncoder.frames(features);
        assertEquals(List.of("<stream:features xmlns:stream='http://etherx.jabber.org/streams'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"), f);
        assertTrue(XmlParser.parse(f.get(0)).is("features", Ns.STREAM));
    }

    @Test
    void elementsThatDeclareTheirNamespaceAreLeftAlone() {
        String[] same = {
                "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>",
                "<challenge xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">cj1meWtv</challenge>",
                "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' id='x' from='example.com' version='1.0' xml:lang='en'/>",
                "<stream:features xmlns:stream='http://etherx.jabber.org/streams'><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>",
                "<iq xmlns='jabber:client' type='result' id='1'/>"};
        for (String s : same) assertEquals(List.of(s), FrameEncoder.frames(s));
    }

    @Test
    void severalElementsBecomeSeveralMessagesWithoutWhitespace() {
        String err = "<stream:error xmlns:stream='http://etherx.jabber.org/streams'><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>";
        String close = "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>";
        assertEquals(List.of(err, close), FrameEncoder.frames(err + close));
        assertEquals(List.of("<message xmlns='jabber:client' id='1'><body>a</body></message>", "<presence xmlns='jabber:client'/>", "<iq xmlns='jabber:client' id='2' type='get'><ping xmlns='urn:xmpp:ping'/></iq>"),
                FrameEncoder.frames(" <message id='1'><body>a</body></message>\n\n<presence/> <iq id='2' type='get'><ping xmlns='urn:xmpp:ping'/></iq> "));
        assertEquals(List.of(), FrameEncoder.frames(" \n "));
        // an XML declaration is not repeated per message (RFC 7395 §3.3: NOT RECOMMENDED)
        assertEquals(List.of("<presence xmlns='jabber:client'/>"), FrameEncoder.frames("<?xml version='1.0'?><presence/>"));
    }

    @Test
    void markupInsideAttributeValuesAndTextDoesNotCutAnElement() throws Exception {
        String tricky = "<message to='a@example.com' note=\"it's > /> &lt;\" other='say \"hi\"'><body>x &gt; y</body><sub><![CDATA[ </message> ]]></sub></message><presence/>";
        List<String> frames = FrameEncoder.frames(tricky);
        assertEquals(2, frames.size(), frames.toString());
        Element m = XmlParser.parse(frames.get(0));
        assertTrue(m.is("message", Ns.CLIENT));
        assertEquals("it's > /> <", m.attr("note"));
        assertEquals(" </message> ", m.childText("sub", Ns.CLIENT));
        assertEquals("<presence xmlns='jabber:client'/>", frames.get(1));
    }

    @Test
    void nestedElementsOfTheSameNameAreCounted() throws Exception {
        String xml = "<message><message><message/></message></message><message/>";
        assertEquals(List.of("<message xmlns='jabber:client'><message><message/></message></message>", "<message xmlns='jabber:client'/>"),
                FrameEncoder.frames(xml));
    }
}
