package dev.parley.im.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundFormatTest {
    private static final String D = "example.com";

    @Test
    void stanzaTextKeepsItsContentAndDefaultsFromToTheDomain() throws Exception {
        Element m = InboundFormat.fromText("<message xmlns='jabber:client' to='Juliet@example.com' type='chat'>"
                + "<body xml:lang='en'>hi</body><body xml:lang='de'>hallo</body><thread>t1</thread></message>", Map.of(), D);
        assertEquals("juliet@example.com", m.attr("to"));
        assertEquals("example.com", m.attr("from"));
        assertEquals(2, m.elements("body", Ns.CLIENT).size());
        assertEquals("t1", m.childText("thread", Ns.CLIENT));
    }

    @Test
    void plainTextUsesProperties() throws Exception {
        Element m = InboundFormat.fromText("build 42 is green", Map.of("xmppTo", "juliet@example.com", "xmppFrom", "ci@example.com",
                "xmppType", "headline"), D);
        assertEquals("headline", m.attr("type"));
        assertEquals("ci@example.com", m.attr("from"));
        assertEquals("build 42 is green", m.childText("body", Ns.CLIENT));
    }

    @Test
    void mapMessage() throws Exception {
        Element m = InboundFormat.fromMap(Map.of("to", "romeo@example.com", "body", "x", "subject", "s"), D);
        assertEquals("chat", m.attr("type"));
        assertEquals("s", m.childText("subject", Ns.CLIENT));
    }

    @Test
    void refusals() {
        assertEquals("jid-malformed", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromMap(Map.of("body", "x"), D)).condition);
        assertEquals("jid-malformed", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromMap(Map.of("to", "a@b@c", "body", "x"), D)).condition);
        assertEquals("item-not-found", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromMap(Map.of("to", "a@elsewhere.org", "body", "x"), D)).condition);
        assertEquals("item-not-found", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromMap(Map.of("to", "example.com", "body", "x"), D)).condition);
        assertEquals("bad-request", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromMap(Map.of("to", "a@example.com"), D)).condition);
        assertEquals("bad-request", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromMap(Map.of("to", "a@example.com", "body", "x", "type", "groupchat"), D)).condition);
        assertEquals("bad-request", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromText("<message xmlns='jabber:client' to='a@example.com'><body>x</message>", Map.of(), D)).condition);
        assertEquals("bad-request", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromText("<iq xmlns='jabber:client' to='a@example.com' type='get' id='1'/>", Map.of(), D)).condition);
        assertEquals("bad-request", assertThrows(InboundFormat.Invalid.class, () -> InboundFormat.fromText("<!DOCTYPE x><message xmlns='jabber:client' to='a@example.com'/>", Map.of(), D)).condition);
    }
}
