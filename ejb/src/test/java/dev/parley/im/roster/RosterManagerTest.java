package dev.parley.im.roster;

import dev.parley.im.session.ClientState;
import dev.parley.im.support.FakeSession;
import dev.parley.im.support.MemoryRosterStore;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterManagerTest {
    private final Map<Jid, List<XmppSession>> sessions = new ConcurrentHashMap<>();
    private RosterManager m;

    @BeforeEach
    void setUp() {
        m = new RosterManager(new RosterCache(new MemoryRosterStore(), 16, 100, o -> true),
                j -> sessions.getOrDefault(j, List.of()), "example.com", 100);
    }

    private FakeSession bind(String full) {
        FakeSession s = new FakeSession(full);
        sessions.computeIfAbsent(s.jid().bare(), k -> new ArrayList<>()).add(s);
        return s;
    }

    private static Element iq(FakeSession s, String type, String to, String payload) {
        try {
            Element e = XmlParser.parse("<iq xmlns='jabber:client' type='" + type + "' id='i1'>" + payload + "</iq>");
            e.attr("from", s.jid().toString());
            if (to != null) e.attr("to", to);
            return e;
        } catch (Exception ex) { throw new AssertionError(ex); }
    }

    private Element set(FakeSession s, String item) {
        return m.handle(s, iq(s, "set", null, "<query xmlns='jabber:iq:roster'>" + item + "</query>")).reply();
    }

    private static String condition(Element error) {
        return error.element("error", error.namespace()).elements().get(0).name();
    }

    @Test
    void pushesGoToInterestedResourcesOnlyWithoutFrom() {
        FakeSession balcony = bind("juliet@example.com/balcony");
        FakeSession chamber = bind("juliet@example.com/chamber");
        FakeSession quiet = bind("juliet@example.com/quiet");
        m.handle(balcony, iq(balcony, "get", null, "<query xmlns='jabber:iq:roster'/>"));
        m.handle(chamber, iq(chamber, "get", "juliet@example.com", "<query xmlns='jabber:iq:roster'/>"));
        assertTrue(ClientState.of(balcony).interested());
        balcony.clear(); chamber.clear();
        assertEquals("result", set(balcony, "<item jid='nurse@example.com' name='Nurse'><group>Servants</group></item>").attr("type"));
        for (FakeSession s : List.of(balcony, chamber)) {
            List<Element> got = s.matching(FakeSession.push());
            assertEquals(1, got.size());
            assertNull(got.get(0).attr("from"), "§2.1.6: no foreign 'from'");
            Element item = got.get(0).element("query", "jabber:iq:roster").elements().get(0);
            assertEquals("Nurse", item.attr("name"));
            assertEquals("1", got.get(0).element("query", "jabber:iq:roster").attr("ver"));
        }
        assertTrue(quiet.received().isEmpty(), "a resource that never asked for the roster gets no push");
    }

    @Test
    void versionedGetAnswersEmptyWhenUpToDateAndPushesTheDifferenceOtherwise() {
        FakeSession s = bind("juliet@example.com/balcony");
        set(s, "<item jid='a@example.com'/>");
        set(s, "<item jid='b@example.com'/>");
        set(s, "<item jid='c@example.com'/>");
        Element full = m.handle(s, iq(s, "get", null, "<query xmlns='jabber:iq:roster' ver=''/>")).reply();
        assertEquals("3", full.element("query", "jabber:iq:roster").attr("ver"));
        assertEquals(3, full.element("query", "jabber:iq:roster").elements().size());
        s.clear();
        assertNull(m.handle(s, iq(s, "get", null, "<query xmlns='jabber:iq:roster' ver='3'/>")).reply(), "replied directly");
        List<Element> got = s.take();
        assertEquals(1, got.size());
        assertEquals("result", got.get(0).attr("type"));
        assertTrue(got.get(0).elements().isEmpty(), "§2.6.3: an empty result");
        set(s, "<item jid='b@example.com' subscription='remove'/>");
        s.clear();
        m.handle(s, iq(s, "get", null, "<query xmlns='jabber:iq:roster' ver='3'/>"));
        got = s.take();
        assertTrue(got.get(0).elements().isEmpty());
        assertEquals(2, got.size(), "then the change as a push: " + got);
        Element q = got.get(1).element("query", "jabber:iq:roster");
        assertEquals("4", q.attr("ver"));
        assertEquals("remove", q.elements().get(0).attr("subscription"));
        // without 'ver' the client gets the plain roster, no version
        Element plain = m.handle(s, iq(s, "get", null, "<query xmlns='jabber:iq:roster'/>")).reply();
        assertNull(plain.element("query", "jabber:iq:roster").attr("ver"));
    }

    @Test
    void rosterSetErrors() {
        FakeSession s = bind("juliet@example.com/balcony");
        assertEquals("bad-request", condition(set(s, "<item jid='a@example.com'/><item jid='b@example.com'/>")));
        assertEquals("bad-request", condition(set(s, "<item jid='a@example.com'><group>G</group><group>G</group></item>")));
        assertEquals("not-acceptable", condition(set(s, "<item jid='a@example.com'><group></group></item>")));
        assertEquals("not-acceptable", condition(set(s, "<item jid='a@example.com' name='" + "x".repeat(1024) + "'/>")));
        assertEquals("item-not-found", condition(set(s, "<item jid='zz@example.com' subscription='remove'/>")));
        Element other = m.handle(s, iq(s, "set", "romeo@example.com", "<query xmlns='jabber:iq:roster'><item jid='a@example.com'/></query>")).reply();
        assertEquals("forbidden", condition(other));
        Element otherGet = m.handle(s, iq(s, "get", "romeo@example.com", "<query xmlns='jabber:iq:roster'/>")).reply();
        assertEquals("service-unavailable", condition(otherGet));
        assertTrue(m.items("juliet").isEmpty());
        assertNotNull(m.items("romeo"));
    }
}
