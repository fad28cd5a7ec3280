package dev.parley.im.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import org.junit.jupiter.api.Test;

/** XEP-0280 eligibility (§6, §9) and the shape of the forwarded copies (§7, §8, XEP-0297). */
class CarbonsTest {

    private static Element msg(String xml) throws Exception {
        return XmlParser.parse(xml.replace("<message ", "<message xmlns='jabber:client' "));
    }

    /** Parses a stanza as written into a jabber:client stream (no namespace declaration of its own). */
    private static Element inStream(String xml) throws Exception {
        assertFalse(xml.startsWith("<message xmlns"), "written for a jabber:client stream");
        return XmlParser.parse(xml.replaceFirst("<message ", "<message xmlns='jabber:client' "));
    }

    @Test
    void chatIsEligibleEvenWithoutBody() throws Exception {
        assertTrue(Carbons.eligible(msg("<message type='chat'><body>hi</body></message>")));
        // chat states are copied on purpose (§10.2)
        assertTrue(Carbons.eligible(msg("<message type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>")));
    }

    @Test
    void normalOnlyWithBody() throws Exception {
        assertTrue(Carbons.eligible(msg("<message><body>hi</body></message>")));
        assertTrue(Carbons.eligible(msg("<message type='normal'><body>hi</body></message>")));
        assertFalse(Carbons.eligible(msg("<message type='normal'><subject>s</subject></message>")));
        assertFalse(Carbons.eligible(msg("<message><x xmlns='jabber:x:data'/></message>")));
    }

    @Test
    void otherTypesAreNotEligible() throws Exception {
        assertFalse(Carbons.eligible(msg("<message type='headline'><body>news</body></message>")));
        assertFalse(Carbons.eligible(msg("<message type='groupchat'><body>room</body></message>")));
        assertFalse(Carbons.eligible(msg("<message type='error'><body>x</body><error type='cancel'/></message>")));
    }

    @Test
    void privateOrNoCopyExcludes() throws Exception {
        assertFalse(Carbons.eligible(msg("<message type='chat'><body>e2e</body><private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/></message>")));
        assertFalse(Carbons.eligible(msg("<message type='chat'><body>e2e</body><private xmlns='urn:xmpp:carbons:2'/></message>")));
        assertFalse(Carbons.eligible(msg("<message type='chat'><body>e2e</body><no-copy xmlns='urn:xmpp:hints'/></message>")));
    }

    @Test
    void carbonsAreNeverCopiedAgain() throws Exception {
        assertFalse(Carbons.eligible(msg("<message type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'/></sent></message>")));
        assertFalse(Carbons.eligible(msg("<message type='chat'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'/></received></message>")));
    }

    @Test
    void privateIsStrippedForTheRecipientAndNothingElseChanges() throws Exception {
        Element m = msg("<message type='chat' to='b@x'><body>e2e</body><private xmlns='urn:xmpp:carbons:2'/><no-copy xmlns='urn:xmpp:hints'/></message>");
        Element out = Carbons.withoutPrivate(m);
        assertNull(out.element("private", Ns.CARBONS));
        assertNotNull(out.element("no-copy", Carbons.HINTS));
        assertNotNull(m.element("private", Ns.CARBONS), "the original is not modified");
        Element plain = msg("<message type='chat'><body>x</body></message>");
        assertSame(plain, Carbons.withoutPrivate(plain));
    }

    @Test
    void receivedCopyWrapsTheOriginal() throws Exception {
        Element original = msg("<message from='juliet@capulet.example/balcony' to='romeo@montague.example/garden' type='chat'>"
                + "<body xml:lang='en'>What man art thou</body><thread>0e31</thread></message>");
        String xml = Carbons.received(Jid.of("romeo@montague.example/garden"), Jid.of("romeo@montague.example/home"), "chat",
                Carbons.forwardedContent(original));
        Element w = inStream(xml);
        assertEquals(Ns.CLIENT, w.namespace());
        assertEquals("romeo@montague.example", w.attr("from"), "from the user's bare JID (§7)");
        assertEquals("romeo@montague.example/home", w.attr("to"));
        assertEquals("chat", w.attr("type"));
        Element inner = w.element("received", Ns.CARBONS).element("forwarded", Ns.FORWARD).element("message", Ns.CLIENT);
        assertEquals(original, inner, "the original message, unchanged, inside <forwarded/>");
    }

    @Test
    void sentCopyOfANormalMessageHasNoType() throws Exception {
        Element original = msg("<message from='romeo@montague.example/home' to='juliet@capulet.example'><body>Neither</body></message>");
        Element w = inStream(Carbons.sent(Jid.of("romeo@montague.example"), Jid.of("romeo@montague.example/garden"), null,
                Carbons.forwardedContent(original)));
        assertNull(w.attr("type"));
        assertEquals(original, w.element("sent", Ns.CARBONS).element("forwarded", Ns.FORWARD).element("message", Ns.CLIENT));
    }

    @Test
    void addressesAreEscaped() throws Exception {
        Element original = msg("<message type='chat'><body>x</body></message>");
        Element w = inStream(Carbons.sent(Jid.of("a@b"), Jid.of("a@b/it's \"quoted\" & <odd>"), "chat", Carbons.forwardedContent(original)));
        assertEquals("a@b/it's \"quoted\" & <odd>", w.attr("to"));
    }
}
