package dev.parley.im.presence;

import dev.parley.im.roster.RosterCache;
import dev.parley.im.roster.RosterItem;
import dev.parley.im.roster.RosterManager;
import dev.parley.im.roster.SubscriptionState;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.parley.im.support.FakeSession.presence;
import static dev.parley.im.support.FakeSession.push;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The presence and subscription logic against fake sessions and an in-memory roster table. Fan-outs are delivered
 * at once through {@link PresenceEngine#deliver}, as the JMS listener does on each node.
 */
class PresenceEngineTest {
    private static final String DOMAIN = "example.com";

    private final Map<Jid, List<XmppSession>> sessions = new ConcurrentHashMap<>();
    private final Set<String> accounts = new HashSet<>(Set.of("romeo", "juliet", "nurse", "tybalt"));
    private final Set<List<Jid>> blocks = new HashSet<>();
    private final List<FanOut> fanOuts = new CopyOnWriteArrayList<>();
    private final List<XmppSession> offlineDelivered = new ArrayList<>();
    private MemoryRosterStore store;
    private RosterManager rosters;
    private PresenceEngine engine;
    private dev.parley.im.roster.SubscriptionPolicy policy = dev.parley.im.roster.SubscriptionPolicy.OPEN;

    @BeforeEach
    void setUp() {
        store = new MemoryRosterStore();
        rosters = new RosterManager(new RosterCache(store, 16, 1000, o -> true),
                j -> sessions.getOrDefault(j, List.of()), DOMAIN, 5);
        engine = new PresenceEngine(new PresenceEnv() {
            @Override public List<XmppSession> sessions(Jid bare) { return sessions.getOrDefault(bare, List.of()); }
            @Override public XmppSession session(Jid full) {
                for (XmppSession s : sessions(full.bare())) if (s.jid().equals(full)) return s;
                return null;
            }
            @Override public boolean accountExists(String username) { return accounts.contains(username); }
            @Override public boolean isBlocked(Jid user, Jid other) { return blocks.contains(List.of(user, other)); }
            @Override public void fanOut(FanOut message) { fanOuts.add(FanOut.decode(message.encode())); engine.deliver(message); }
            @Override public void deliverOffline(XmppSession session) { offlineDelivered.add(session); }
            @Override public dev.parley.im.roster.SubscriptionPolicy subscriptionPolicy() { return policy; }
        }, rosters);
    }

    private static Jid jid(String s) { return Jid.of(s); }
    private static Jid bare(String user) { return Jid.of(user + "@" + DOMAIN); }

    /** A bound session that asked for its roster (interested, §2.1.6). */
    private FakeSession login(String user, String resource) {
        FakeSession s = new FakeSession(user + "@" + DOMAIN + "/" + resource);
        sessions.compute(s.jid().bare(), (k, l) -> { List<XmppSession> n = new ArrayList<>(l == null ? List.of() : l); n.add(s); return n; });
        rosters.handle(s, iq("get", "<query xmlns='jabber:iq:roster'/>", s));
        s.clear();
        return s;
    }

    private void drop(FakeSession s) {
        s.close(null, null);
        sessions.computeIfPresent(s.jid().bare(), (k, l) -> { List<XmppSession> n = new ArrayList<>(l); n.remove(s); return n.isEmpty() ? null : n; });
        engine.sessionEnded(s);
    }

    private static Element iq(String type, String payload, FakeSession from) {
        return parse("<iq xmlns='jabber:client' type='" + type + "' id='q1' from='" + from.jid() + "'>" + payload + "</iq>");
    }

    private static Element parse(String xml) {
        try { return XmlParser.parse(xml); } catch (Exception e) { throw new AssertionError(e); }
    }

    /** The client sends a presence stanza (the connector stamps 'from'). */
    private void send(FakeSession s, String attrs, String children) {
        Element p = parse("<presence xmlns='jabber:client' " + attrs + ">" + children + "</presence>").attr("from", s.jid().toString());
        String to = p.attr("to");
        engine.handle(s, p, to == null ? null : Jid.of(to));
    }

    private void available(FakeSession s, String children) { send(s, "", children); }

    private SubscriptionState state(String owner, String contact) {
        RosterItem i = rosters.items(owner).get(bare(contact));
        return i == null ? null : i.state();
    }

    private static String pushedSubscription(Element push) {
        return push.element("query", "jabber:iq:roster").elements().get(0).attr("subscription");
    }

    // ------------------------------------------------------------------ §3 subscriptions

    @Test
    void romeoAndJulietEndAtBoth() {
        FakeSession romeo = login("romeo", "orchard");
        FakeSession juliet = login("juliet", "balcony");
        available(romeo, "");
        available(juliet, "<show>away</show>");
        romeo.clear(); juliet.clear();

        send(romeo, "to='juliet@example.com' type='subscribe'", "<status>hi</status>");      // §3.1.2
        List<Element> r = romeo.take();
        assertEquals("subscribe", r.get(0).element("query", "jabber:iq:roster").elements().get(0).attr("ask"), "push with ask");
        List<Element> j = juliet.take();
        assertEquals(1, j.size(), "juliet gets the request only: " + j);
        assertEquals("romeo@example.com", j.get(0).attr("from"), "stamped with the bare JID");
        assertEquals("subscribe", j.get(0).attr("type"));
        assertEquals("hi", j.get(0).childText("status", j.get(0).namespace()));
        assertEquals(SubscriptionState.NONE_PENDING_OUT, state("romeo", "juliet"));
        assertEquals(SubscriptionState.NONE_PENDING_IN, state("juliet", "romeo"));
        assertTrue(rosters.items("juliet").get(bare("romeo")).hidden(), "no roster item for a mere request (§3.1.3)");

        send(juliet, "to='romeo@example.com' type='subscribed'", "");                        // §3.1.5
        assertEquals(SubscriptionState.FROM, state("juliet", "romeo"));
        assertEquals(SubscriptionState.TO, state("romeo", "juliet"));
        assertEquals("from", pushedSubscription(juliet.matching(push()).get(0)));
        r = romeo.take();
        assertEquals("to", pushedSubscription(r.stream().filter(push()).findFirst().orElseThrow()));
        assertEquals(1, r.stream().filter(presence("subscribed", "juliet@example.com")).count());
        Element julietPresence = r.stream().filter(presence(null, "juliet@example.com/balcony")).findFirst().orElseThrow();
        assertEquals("away", julietPresence.childText("show", julietPresence.namespace()), "§3.1.5: current presence after approval");
        juliet.clear();

        send(juliet, "to='romeo@example.com' type='subscribe'", "");
        send(romeo, "to='juliet@example.com' type='subscribed'", "");
        assertEquals(SubscriptionState.BOTH, state("romeo", "juliet"));
        assertEquals(SubscriptionState.BOTH, state("juliet", "romeo"));
        assertTrue(juliet.matching(presence(null, "romeo@example.com/orchard")).size() >= 1);

        // from now on broadcasts reach each other
        romeo.clear(); juliet.clear();
        available(romeo, "<status>in the orchard</status>");
        assertEquals(1, juliet.matching(presence(null, "romeo@example.com/orchard")).size());
    }

    @Test
    void aRequestToAnOfflineContactWaitsForItsInitialPresence() {
        FakeSession romeo = login("romeo", "orchard");
        available(romeo, "");
        send(romeo, "to='juliet@example.com' type='subscribe'", "<status>wherefore</status>");
        FakeSession juliet = login("juliet", "balcony");
        assertTrue(juliet.matching(presence("subscribe", null)).isEmpty(), "not before she is available");
        available(juliet, "");
        List<Element> req = juliet.matching(presence("subscribe", "romeo@example.com"));
        assertEquals(1, req.size());
        assertEquals("wherefore", req.get(0).childText("status", req.get(0).namespace()), "the complete stanza (§3.1.3)");
        assertTrue(offlineDelivered.contains(juliet), "offline messages after initial presence");
        // still pending: delivered again at the next login until answered
        drop(juliet);
        FakeSession again = login("juliet", "chamber");
        available(again, "");
        assertEquals(1, again.matching(presence("subscribe", "romeo@example.com")).size());
        send(again, "to='romeo@example.com' type='unsubscribed'", ""); // denied (§3.2.1)
        assertNull(state("juliet", "romeo"), "the hidden record is gone");
        assertEquals(SubscriptionState.NONE, state("romeo", "juliet"));
        drop(again);
        FakeSession third = login("juliet", "garden");
        available(third, "");
        assertTrue(third.matching(presence("subscribe", null)).isEmpty());
    }

    @Test
    void preApprovalAnswersTheRequestAutomatically() {
        FakeSession juliet = login("juliet", "balcony");
        available(juliet, "");
        send(juliet, "to='romeo@example.com' type='subscribed'", "");          // §3.4
        Element p = juliet.matching(push()).get(0).element("query", "jabber:iq:roster").elements().get(0);
        assertEquals("true", p.attr("approved"));
        assertEquals("none", p.attr("subscription"));
        FakeSession romeo = login("romeo", "orchard");
        available(romeo, "");
        juliet.clear();
        send(romeo, "to='juliet@example.com' type='subscribe'", "");
        assertTrue(juliet.matching(presence("subscribe", null)).isEmpty(), "the user is not bothered (§3.1.3 rule 2)");
        assertEquals(SubscriptionState.FROM, state("juliet", "romeo"));
        assertEquals(SubscriptionState.TO, state("romeo", "juliet"));
        assertEquals(1, romeo.matching(presence("subscribed", "juliet@example.com")).size());
        assertEquals(1, romeo.matching(presence(null, "juliet@example.com/balcony")).size());
    }

    @Test
    void removingAContactEndsBothSubscriptions() {
        both("romeo", "juliet");
        FakeSession romeo = login("romeo", "orchard");
        FakeSession juliet = login("juliet", "balcony");
        available(romeo, ""); available(juliet, "");
        romeo.clear(); juliet.clear();
        RosterManager.SetOutcome out = rosters.handle(romeo, iq("set",
                "<query xmlns='jabber:iq:roster'><item jid='juliet@example.com' subscription='remove'/></query>", romeo));
        assertEquals("result", out.reply().attr("type"));
        engine.rosterItemRemoved(romeo.jid().bare(), out.removed());
        assertEquals("remove", pushedSubscription(romeo.matching(push()).get(0)));
        List<Element> j = juliet.take();
        assertEquals(1, j.stream().filter(presence("unsubscribe", "romeo@example.com")).count(), "§2.5.2 unsubscribe: " + j);
        assertEquals(1, j.stream().filter(presence("unsubscribed", "romeo@example.com")).count(), "§2.5.2 unsubscribed");
        assertEquals(1, j.stream().filter(presence("unavailable", "romeo@example.com/orchard")).count(), "§3.2.2 unavailable first");
        int unavailableAt = indexOf(j, presence("unavailable", "romeo@example.com/orchard"));
        assertTrue(unavailableAt < indexOf(j, presence("unsubscribed", "romeo@example.com")));
        assertEquals(SubscriptionState.NONE, state("juliet", "romeo"));
        assertNull(state("romeo", "juliet"));
        romeo.clear(); juliet.clear();
        available(romeo, "<show>dnd</show>");
        assertTrue(juliet.matching(presence(null, null)).isEmpty(), "no presence after the subscription ended");
    }

    @Test
    void subscriptionsToOtherDomainsAndUnknownUsers() {
        FakeSession romeo = login("romeo", "orchard");
        send(romeo, "to='mercutio@elsewhere.net' type='subscribe'", "");
        Element err = romeo.take().get(0);
        assertEquals("error", err.attr("type"));
        assertEquals("mercutio@elsewhere.net", err.attr("from"));
        assertTrue(err.toXml().contains("remote-server-not-found"));
        // an unknown local user: the sender sees exactly what it would for an offline one
        send(romeo, "to='nobody@example.com' type='subscribe'", "");
        List<Element> got = romeo.take();
        assertEquals(1, got.size());
        assertTrue(push().test(got.get(0)));
        assertTrue(rosters.items("nobody").isEmpty());
    }

    @Test
    void theRosterLimitRefusesNewItems() {
        FakeSession romeo = login("romeo", "orchard");
        for (int i = 0; i < 5; i++) {
            assertEquals("result", rosters.handle(romeo, iq("set",
                    "<query xmlns='jabber:iq:roster'><item jid='c" + i + "@example.com'/></query>", romeo)).reply().attr("type"));
        }
        Element refused = rosters.handle(romeo, iq("set", "<query xmlns='jabber:iq:roster'><item jid='c9@example.com'/></query>", romeo)).reply();
        assertTrue(refused.toXml().contains("not-allowed"), refused.toXml());
        // updating an existing item is fine
        assertEquals("result", rosters.handle(romeo, iq("set",
                "<query xmlns='jabber:iq:roster'><item jid='c1@example.com' name='One'/></query>", romeo)).reply().attr("type"));
        romeo.clear();
        send(romeo, "to='juliet@example.com' type='subscribe'", "");
        assertTrue(romeo.take().get(0).toXml().contains("not-allowed"));
        assertNull(state("juliet", "romeo"), "nothing was routed");
    }

    // ------------------------------------------------------------------ §4 presence

    @Test
    void broadcastsReachSubscribersAndOwnResourcesOnly() {
        both("romeo", "juliet");
        rosters.adminSet("romeo", new RosterManager.AdminItem(bare("nurse"), null, List.of(), SubscriptionState.TO));
        rosters.adminSet("nurse", new RosterManager.AdminItem(bare("romeo"), null, List.of(), SubscriptionState.FROM));
        FakeSession juliet = login("juliet", "balcony");
        FakeSession nurse = login("nurse", "kitchen");
        FakeSession tybalt = login("tybalt", "street");
        FakeSession romeo2 = login("romeo", "phone");
        available(juliet, ""); available(nurse, ""); available(tybalt, ""); available(romeo2, "");
        juliet.clear(); nurse.clear(); tybalt.clear(); romeo2.clear();

        FakeSession romeo = login("romeo", "orchard");
        available(romeo, "<priority>5</priority>");
        FanOut f = fanOuts.get(fanOuts.size() - 1);
        assertEquals(Set.of(bare("romeo"), bare("juliet")), Set.copyOf(f.recipients()), "one fan-out: from/both contacts and the user");
        assertEquals(1, juliet.matching(presence(null, "romeo@example.com/orchard")).size());
        assertEquals(1, romeo2.matching(presence(null, "romeo@example.com/orchard")).size(), "own other resource");
        assertEquals(1, romeo.matching(presence(null, "romeo@example.com/orchard")).size(), "reflected to the sender");
        assertTrue(nurse.matching(presence(null, "romeo@example.com/orchard")).isEmpty(), "nurse is only 'from' romeo's side: no leak");
        assertTrue(tybalt.received().isEmpty(), "a stranger gets nothing");
        assertEquals(5, ClientState.of(romeo).priority(), "§4.7.2.3 priority recorded");
        // initial presence brought the presence of juliet (both) and nurse (to, and nurse's roster says from)
        assertEquals(1, romeo.matching(presence(null, "juliet@example.com/balcony")).size());
        assertEquals(1, romeo.matching(presence(null, "nurse@example.com/kitchen")).size());
        assertEquals(1, romeo.matching(presence(null, "romeo@example.com/phone")).size(), "own other resource's presence");
        assertTrue(romeo.matching(presence(null, "tybalt@example.com/street")).isEmpty());
    }

    @Test
    void probesAreAnsweredOnlyForSubscribers() {
        // romeo believes he is subscribed to tybalt; tybalt's roster says otherwise: tybalt's server decides (§4.3.2)
        rosters.adminSet("romeo", new RosterManager.AdminItem(bare("tybalt"), null, List.of(), SubscriptionState.TO));
        FakeSession tybalt = login("tybalt", "street");
        available(tybalt, "");
        FakeSession romeo = login("romeo", "orchard");
        available(romeo, "");
        assertTrue(romeo.matching(presence(null, "tybalt@example.com/street")).isEmpty());
        send(romeo, "to='tybalt@example.com' type='probe'", "");
        assertTrue(romeo.matching(presence(null, "tybalt@example.com/street")).isEmpty(), "client probe of a non-subscriber");
        both("romeo", "juliet");
        FakeSession juliet = login("juliet", "balcony");
        available(juliet, "<status>here</status>");
        romeo.clear();
        send(romeo, "to='juliet@example.com' type='probe'", "");
        assertEquals(1, romeo.matching(presence(null, "juliet@example.com/balcony")).size());
    }

    @Test
    void blockingStopsPresenceBothWays() {
        both("romeo", "juliet");
        blocks.add(List.of(bare("juliet"), bare("romeo")));
        FakeSession juliet = login("juliet", "balcony");
        available(juliet, "");
        juliet.clear();
        FakeSession romeo = login("romeo", "orchard");
        available(romeo, "");
        assertTrue(juliet.received().isEmpty(), "juliet blocked romeo: no presence from him");
        assertTrue(romeo.matching(presence(null, "juliet@example.com/balcony")).isEmpty(), "nor hers to him");
    }

    @Test
    void directedPresenceIsRevokedWhenGoingOffline() {
        FakeSession romeo = login("romeo", "orchard");
        FakeSession tybalt = login("tybalt", "street");
        available(romeo, ""); available(tybalt, "");
        tybalt.clear();
        send(romeo, "to='tybalt@example.com'", "<status>a word</status>");       // §4.6.2
        assertEquals(1, tybalt.matching(presence(null, "romeo@example.com/orchard")).size());
        assertEquals(Set.of(bare("tybalt")), Set.copyOf(ClientState.of(romeo).directedTo));
        available(romeo, "<show>away</show>");
        assertEquals(1, tybalt.matching(presence(null, "romeo@example.com/orchard")).size(), "broadcasts do not reach it");
        send(romeo, "type='unavailable'", "");                                      // §4.6.3
        assertEquals(1, tybalt.matching(presence("unavailable", "romeo@example.com/orchard")).size());
        assertTrue(ClientState.of(romeo).directedTo.isEmpty());
        // and on a dropped connection
        available(romeo, "");
        send(romeo, "to='tybalt@example.com/street'", "");
        tybalt.clear();
        drop(romeo);
        assertEquals(1, tybalt.matching(presence("unavailable", "romeo@example.com/orchard")).size());
    }

    @Test
    void aDroppedSessionGoesUnavailableForItsContacts() {
        both("romeo", "juliet");
        FakeSession juliet = login("juliet", "balcony");
        available(juliet, "");
        FakeSession romeo = login("romeo", "orchard");
        available(romeo, "");
        juliet.clear();
        drop(romeo);                                                                 // §4.5.2, RFC 6120 §4.4
        assertEquals(1, juliet.matching(presence("unavailable", "romeo@example.com/orchard")).size());
        assertTrue(!rosters.cache().cached("romeo"), "the roster of a user without sessions leaves memory");
        // a session that never sent presence ends silently
        juliet.clear();
        FakeSession quiet = login("romeo", "quiet");
        drop(quiet);
        assertTrue(juliet.received().isEmpty());
    }

    @Test
    void badPresenceGetsAnErrorAndErrorsAreNeverAnswered() {
        FakeSession romeo = login("romeo", "orchard");
        send(romeo, "type='bogus'", "");
        assertTrue(romeo.take().get(0).toXml().contains("bad-request"));
        send(romeo, "type='subscribe'", "");
        assertTrue(romeo.take().get(0).toXml().contains("bad-request"));
        send(romeo, "type='error'", "");
        assertTrue(romeo.take().isEmpty());
    }

    // ------------------------------------------------------------------

    private void both(String a, String b) {
        rosters.adminSet(a, new RosterManager.AdminItem(bare(b), null, List.of(), SubscriptionState.BOTH));
        rosters.adminSet(b, new RosterManager.AdminItem(bare(a), null, List.of(), SubscriptionState.BOTH));
    }

    private static int indexOf(List<Element> l, java.util.function.Predicate<Element> p) {
        for (int i = 0; i < l.size(); i++) if (p.test(l.get(i))) return i;
        return -1;
    }

    // ------------------------------------------------------------------ organisation policy

    @Test
    void autoApproveAnswersARequestWithinTheOrganisationOnTheContactsBehalf() {
        policy = dev.parley.im.roster.SubscriptionPolicy.AUTO_APPROVE;
        FakeSession romeo = login("romeo", "orchard");
        FakeSession juliet = login("juliet", "balcony");
        available(romeo, "");
        available(juliet, "");
        romeo.clear(); juliet.clear();
        send(romeo, "to='juliet@example.com' type='subscribe'", "");
        assertEquals(SubscriptionState.TO, state("romeo", "juliet"), "approved without juliet's answer");
        assertEquals(SubscriptionState.FROM, state("juliet", "romeo"));
        List<Element> r = romeo.take();
        assertTrue(r.stream().anyMatch(e -> "subscribed".equals(e.attr("type")) && "juliet@example.com".equals(e.attr("from"))),
                "romeo's resources learn of the approval: " + r);
        assertTrue(r.stream().anyMatch(e -> e.name().equals("presence") && e.attr("type") == null
                && "juliet@example.com/balcony".equals(e.attr("from"))), "and get juliet's presence: " + r);
        assertTrue(juliet.take().stream().noneMatch(e -> "subscribe".equals(e.attr("type"))), "juliet is not asked");
    }

    @Test
    void organisationOnlyRefusesRequestsToOtherDomains() {
        FakeSession romeo = login("romeo", "orchard");
        send(romeo, "to='mercutio@verona.example' type='subscribe' id='s1'", "");
        assertEquals("remote-server-not-found", romeo.take().get(0).element("error", "jabber:client").elements().get(0).name(),
                "open: the request cannot be routed");
        policy = dev.parley.im.roster.SubscriptionPolicy.ORGANISATION_ONLY;
        send(romeo, "to='mercutio@verona.example' type='subscribe' id='s2'", "");
        Element e = romeo.take().get(0);
        assertEquals("error", e.attr("type"));
        assertEquals("not-allowed", e.element("error", "jabber:client").elements().get(0).name());
        send(romeo, "to='juliet@example.com' type='subscribe'", "");
        assertEquals(SubscriptionState.NONE_PENDING_IN, state("juliet", "romeo"), "within the organisation as usual");
    }

    @Test
    void sharedGroupMembersSeeEachOtherWithoutAHandshakeAndCannotUnsubscribe() {
        rosters.shared(new dev.parley.im.shared.SharedDirectory(DOMAIN, List.of(new dev.parley.im.shared.SharedGroup(
                "house", "Capulet", false, Set.of("house"), Set.of("juliet", "nurse"))), Set.of()));
        FakeSession juliet = login("juliet", "balcony");
        FakeSession nurse = login("nurse", "kitchen");
        available(nurse, "<show>chat</show>");
        juliet.clear();
        available(juliet, "");
        List<Element> j = juliet.take();
        assertTrue(j.stream().anyMatch(e -> e.name().equals("presence") && "nurse@example.com/kitchen".equals(e.attr("from"))),
                "the probe on initial presence answers from the shared contact: " + j);
        assertTrue(nurse.take().stream().anyMatch(e -> e.name().equals("presence") && "juliet@example.com/balcony".equals(e.attr("from"))),
                "and the broadcast reaches it");
        send(juliet, "to='nurse@example.com' type='unsubscribe'", "");
        assertEquals(SubscriptionState.BOTH, rosters.visibleItem("juliet", bare("nurse")).state(), "the group decides");
        send(juliet, "to='nurse@example.com' type='subscribe'", "");
        assertTrue(juliet.take().stream().anyMatch(e -> "subscribed".equals(e.attr("type"))), "already subscribed: answered at once");
        assertTrue(nurse.take().stream().noneMatch(e -> "subscribe".equals(e.attr("type")) || "unsubscribe".equals(e.attr("type"))));
    }
}
