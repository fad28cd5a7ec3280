package dev.parley.im.roster;

import dev.parley.im.shared.SharedDirectory;
import dev.parley.im.shared.SharedGroup;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roster as clients see it once shared groups are installed: merged items, versions, pushes of group changes. */
class RosterManagerSharedTest {
    private static final String D = "example.com";
    private final Map<Jid, List<XmppSession>> sessions = new ConcurrentHashMap<>();
    private RosterManager m;
    private final SharedDirectory none = SharedDirectory.empty(D);
    private final SharedDirectory eng = new SharedDirectory(D,
            List.of(new SharedGroup("eng", "Engineering", false, Set.of("eng"), Set.of("ann", "bob"))), Set.of());

    @BeforeEach
    void setUp() {
        m = new RosterManager(new RosterCache(new MemoryRosterStore(), 16, 100, o -> true),
                j -> sessions.getOrDefault(j, List.of()), D, 100);
    }

    private FakeSession bind(String full) {
        FakeSession s = new FakeSession(full);
        sessions.computeIfAbsent(s.jid().bare(), k -> new ArrayList<>()).add(s);
        return s;
    }

    private Element handle(FakeSession s, String type, String payload) {
        try {
            Element e = XmlParser.parse("<iq xmlns='jabber:client' type='" + type + "' id='i1'>" + payload + "</iq>");
            e.attr("from", s.jid().toString());
            return m.handle(s, e).reply();
        } catch (Exception ex) { throw new AssertionError(ex); }
    }

    /** §2.6.3: the roster is current, an empty result and no pushes. */
    private static void assertEmptyResult(FakeSession s) {
        List<Element> got = s.take();
        assertEquals(1, got.size(), got.toString());
        assertEquals("result", got.get(0).attr("type"));
        assertTrue(got.get(0).elements().isEmpty());
    }

    private static List<Element> items(Element result) {
        return result.element("query", "jabber:iq:roster").elements();
    }

    @Test
    void sharedContactsAppearWithBothAndTheGroupsDisplayName() {
        m.shared(eng);
        FakeSession ann = bind("ann@example.com/desk");
        Element r = handle(ann, "get", "<query xmlns='jabber:iq:roster'/>");
        assertEquals(1, items(r).size());
        Element bob = items(r).get(0);
        assertEquals("bob@example.com", bob.attr("jid"));
        assertEquals("both", bob.attr("subscription"));
        assertEquals("Engineering", bob.elements().get(0).text());
        assertEquals(SubscriptionState.BOTH, m.visibleItem("ann", Jid.of("bob", D, null)).state(), "presence logic sees it too");
    }

    @Test
    void versionsCarryTheSharedTagAndADifferentTagMeansTheFullRoster() {
        FakeSession ann = bind("ann@example.com/desk");
        Element before = handle(ann, "get", "<query xmlns='jabber:iq:roster' ver=''/>");
        String v0 = before.element("query", "jabber:iq:roster").attr("ver");
        m.shared(eng);
        Element full = handle(ann, "get", "<query xmlns='jabber:iq:roster' ver='" + v0 + "'/>");
        String v1 = full.element("query", "jabber:iq:roster").attr("ver");
        assertNotEquals(v0, v1);
        assertEquals(1, items(full).size(), "the shared part changed: the whole roster, not an empty result");
        ann.clear();
        assertNull(handle(ann, "get", "<query xmlns='jabber:iq:roster' ver='" + v1 + "'/>"), "answered by the manager");
        assertEmptyResult(ann);
    }

    @Test
    void aGroupChangeIsPushedWithTheFinalVersionLast() {
        FakeSession ann = bind("ann@example.com/desk");
        handle(ann, "get", "<query xmlns='jabber:iq:roster' ver=''/>");
        ann.clear();
        SharedDirectory three = eng.with("eng", eng.group("eng").withMembers(Set.of("ann", "bob", "cy")));
        m.shared(three);
        Map<Jid, RosterItem> changes = m.pushShared("ann", none, three);
        assertEquals(2, changes.size());
        List<Element> pushes = ann.matching(FakeSession.push());
        assertEquals(2, pushes.size());
        String last = pushes.get(1).element("query", "jabber:iq:roster").attr("ver");
        assertTrue(pushes.get(0).element("query", "jabber:iq:roster").attr("ver").contains("~"), "intermediate versions never match");
        ann.clear();
        assertNull(handle(ann, "get", "<query xmlns='jabber:iq:roster' ver='" + last + "'/>"));
        assertEmptyResult(ann); // after the last push the client is current
        ann.clear();
        m.shared(eng);
        m.pushShared("ann", three, eng);
        Element removal = ann.matching(FakeSession.push()).get(0).element("query", "jabber:iq:roster").elements().get(0);
        assertEquals("cy@example.com", removal.attr("jid"));
        assertEquals("remove", removal.attr("subscription"));
    }

    @Test
    void aSharedContactCannotBeRemovedButAPersonalNameSticks() {
        m.shared(eng);
        FakeSession ann = bind("ann@example.com/desk");
        Element err = handle(ann, "set", "<query xmlns='jabber:iq:roster'><item jid='bob@example.com' subscription='remove'/></query>");
        assertEquals("error", err.attr("type"));
        assertEquals("not-allowed", err.element("error", "jabber:client").elements().get(0).name());
        handle(ann, "set", "<query xmlns='jabber:iq:roster'><item jid='bob@example.com' name='Bobby'><group>Friends</group></item></query>");
        Element bob = items(handle(ann, "get", "<query xmlns='jabber:iq:roster'/>")).get(0);
        assertEquals("Bobby", bob.attr("name"));
        assertEquals("both", bob.attr("subscription"), "the personal item (none) does not weaken the shared 'both'");
        assertEquals(2, bob.elements().size());
        // the personal part can go again; the shared contact stays
        Element ok = handle(ann, "set", "<query xmlns='jabber:iq:roster'><item jid='bob@example.com' subscription='remove'/></query>");
        assertEquals("result", ok.attr("type"));
        assertEquals(1, items(handle(ann, "get", "<query xmlns='jabber:iq:roster'/>")).size());
    }
}
