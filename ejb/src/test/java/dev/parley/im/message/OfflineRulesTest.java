package dev.parley.im.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** XEP-0160 storage rules, the per-account limit, and the XEP-0203 delay stamp. */
class OfflineRulesTest {

    private static Element msg(String xml) throws Exception {
        return XmlParser.parse(xml.replace("<message ", "<message xmlns='jabber:client' "));
    }

    @Test
    void limitCountsWhatIsAlreadyStored() {
        assertTrue(OfflineRules.hasRoom(0, 1));
        assertTrue(OfflineRules.hasRoom(999, 1000));
        assertFalse(OfflineRules.hasRoom(1000, 1000), "the 1001st message is refused");
        assertFalse(OfflineRules.hasRoom(1500, 1000));
        assertFalse(OfflineRules.hasRoom(0, 0), "a limit of 0 disables storage");
    }

    @Test
    void chatStatesAloneAreNotStored() throws Exception {
        // XEP-0160 §3: chat messages with only XEP-0085 content SHOULD NOT be stored
        assertFalse(OfflineRules.worthStoring(msg("<message type='chat'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>")));
        assertFalse(OfflineRules.worthStoring(msg("<message type='chat'><thread>t</thread><gone xmlns='http://jabber.org/protocol/chatstates'/></message>")));
        // with a body they are a normal chat message
        assertTrue(OfflineRules.worthStoring(msg("<message type='chat'><body>hi</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>")));
        assertTrue(OfflineRules.worthStoring(msg("<message type='chat'><body>hi</body></message>")));
        assertTrue(OfflineRules.worthStoring(msg("<message><subject>s</subject></message>")));
        assertTrue(OfflineRules.worthStoring(msg("<message><request xmlns='urn:xmpp:receipts'/></message>")));
        assertTrue(OfflineRules.worthStoring(msg("<message type='chat'/>")));
    }

    @Test
    void noStoreHintIsHonoured() throws Exception {
        // XEP-0334: not stored, not even for later delivery
        assertFalse(OfflineRules.worthStoring(msg("<message type='chat'><body>hi</body><no-store xmlns='urn:xmpp:hints'/></message>")));
    }

    @Test
    void storedFormCarriesTheDelayAndKeepsTheContent() throws Exception {
        Element m = msg("<message from='romeo@montague.net/orchard' to='juliet@capulet.com' type='chat' id='m1'>"
                + "<body xml:lang='en'>O blessed</body><body xml:lang='fr'>O b\u00e9ni</body><subject>s</subject><thread parent='p'>t</thread>"
                + "<x xmlns='urn:example:ext'><y a='1'/></x><private xmlns='urn:xmpp:carbons:2'/></message>");
        Instant when = Instant.parse("2002-09-10T23:08:25.123456Z");
        Element stored = XmlParser.parse(OfflineRules.stamped(m, "capulet.com", when).toXml().replaceFirst("<message ", "<message xmlns='jabber:client' "));
        Element delay = stored.element("delay", Ns.DELAY);
        assertNotNull(delay);
        assertEquals("capulet.com", delay.attr("from"));
        assertEquals("2002-09-10T23:08:25.123Z", delay.attr("stamp"), "XEP-0082 UTC, milliseconds");
        assertNull(stored.element("private", Ns.CARBONS), "XEP-0280 §9: private is removed before delivery");
        assertEquals(2, stored.elements("body", Ns.CLIENT).size());
        assertEquals("fr", stored.elements("body", Ns.CLIENT).get(1).attr("xml:lang"));
        assertEquals("O b\u00e9ni", stored.elements("body", Ns.CLIENT).get(1).text());
        assertEquals("p", stored.element("thread", Ns.CLIENT).attr("parent"));
        assertEquals("1", stored.element("x", "urn:example:ext").element("y", "urn:example:ext").attr("a"));
        assertEquals("m1", stored.attr("id"));
        assertEquals("romeo@montague.net/orchard", stored.attr("from"));
        assertNotNull(m.element("private", Ns.CARBONS), "the routed message itself is not modified");
        assertNull(m.element("delay", Ns.DELAY));
    }

    @Test
    void stampWithoutFraction() {
        assertEquals("2020-01-01T00:00:00Z", OfflineRules.stamp(Instant.parse("2020-01-01T00:00:00Z")));
    }
}
