package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The org-wide presence policy on the deployed server, with Smack clients: shared roster groups whose changes reach
 * online members at once (roster pushes and presence), a group of 5 000 members added in one call with a bounded
 * number of database statements, and the subscription policy modes. Every test removes its groups again: they would
 * change every roster of the deployment.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SharedGroupsIT {
    private static final long WAIT = 20_000;

    @Deployment(testable = false)
    static WebArchive deployment() { return Xmpp.war(); }

    private static BareJid bare(String user) throws Exception { return JidCreate.bareFrom(user + "@" + Xmpp.DOMAIN); }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("not within " + WAIT + " ms: " + what);
            Thread.sleep(50);
        }
    }

    /** Logged in, roster loaded, available. */
    private static XMPPTCPConnection online(String user) throws Exception {
        XMPPTCPConnection c = Xmpp.login(user, "pw", "desk");
        Roster r = Roster.getInstanceFor(c);
        r.setSubscriptionMode(Roster.SubscriptionMode.manual);
        if (!r.isLoaded()) r.reloadAndWait();
        Xmpp.becomeAvailable(c);
        return c;
    }

    private static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return Xmpp.admin(method, path, json);
    }

    private static boolean sees(XMPPTCPConnection c, String contact) {
        try {
            RosterEntry e = Roster.getInstanceFor(c).getEntry(bare(contact));
            return e != null && (e.getType() == ItemType.both || e.getType() == ItemType.to)
                    && Roster.getInstanceFor(c).getPresence(bare(contact)).isAvailable();
        } catch (Exception ex) { throw new AssertionError(ex); }
    }

    private static boolean absent(XMPPTCPConnection c, String contact) {
        try { return Roster.getInstanceFor(c).getEntry(bare(contact)) == null; } catch (Exception ex) { throw new AssertionError(ex); }
    }

    @Test
    void membershipAndVisibilityChangesReachOnlineMembersAtOnce() throws Exception {
        for (String u : List.of("sg-ann", "sg-bob", "sg-cy")) Xmpp.createUser(u, "pw");
        XMPPTCPConnection ann = online("sg-ann");
        XMPPTCPConnection bob = online("sg-bob");
        try {
            HttpResponse<String> r = admin("POST", "/api/shared-groups",
                    "{\"name\":\"sg-team\",\"displayName\":\"Team\",\"members\":[\"sg-ann\"]}");
            assertEquals(201, r.statusCode(), r.body());
            assertTrue(absent(ann, "sg-bob"));

            // a member is added: both rosters get the other with 'both' under the group's display name, and presence
            r = admin("POST", "/api/shared-groups/sg-team/members", "{\"members\":[\"sg-bob\",\"nobody-here\"]}");
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("\"unknown\":[\"nobody-here\"]"), r.body());
            eventually("ann sees bob", () -> sees(ann, "sg-bob"));
            eventually("bob sees ann", () -> sees(bob, "sg-ann"));
            RosterEntry e = Roster.getInstanceFor(ann).getEntry(bare("sg-bob"));
            assertEquals(ItemType.both, e.getType());
            assertEquals("Team", e.getGroups().get(0).getName());

            // the group is no longer shown to itself: both contacts leave, with unavailable presence first
            r = admin("PUT", "/api/shared-groups/sg-team", "{\"visibleTo\":[]}");
            assertEquals(200, r.statusCode(), r.body());
            eventually("bob left ann's roster", () -> absent(ann, "sg-bob"));
            eventually("ann left bob's roster", () -> absent(bob, "sg-ann"));
            assertTrue(!Roster.getInstanceFor(ann).getPresence(bare("sg-bob")).isAvailable(), "unavailable presence came");

            // shown again, then a member removed
            assertEquals(200, admin("PUT", "/api/shared-groups/sg-team", "{\"visibleTo\":[\"sg-team\"]}").statusCode());
            eventually("ann sees bob again", () -> sees(ann, "sg-bob"));
            assertEquals(204, admin("DELETE", "/api/shared-groups/sg-team/members/sg-bob", null).statusCode());
            eventually("bob removed from ann's roster", () -> absent(ann, "sg-bob"));

            // a new login gets the group in its roster, and a versioned client is not told "up to date" wrongly
            XMPPTCPConnection cy = null;
            try {
                assertEquals(200, admin("POST", "/api/shared-groups/sg-team/members", "{\"members\":[\"sg-cy\"]}").statusCode());
                cy = online("sg-cy");
                assertEquals(ItemType.both, Roster.getInstanceFor(cy).getEntry(bare("sg-ann")).getType());
                XMPPTCPConnection cyc = cy;
                eventually("cy sees ann's presence", () -> sees(cyc, "sg-ann"));
                // a shared contact cannot be removed by the user
                StanzaError.Condition c = null;
                try {
                    Roster.getInstanceFor(cy).removeEntry(Roster.getInstanceFor(cy).getEntry(bare("sg-ann")));
                } catch (org.jivesoftware.smack.XMPPException.XMPPErrorException ex) {
                    c = ex.getStanzaError().getCondition();
                }
                assertEquals(StanzaError.Condition.not_allowed, c);
            } finally {
                if (cy != null) cy.disconnect();
            }
        } finally {
            admin("DELETE", "/api/shared-groups/sg-team", null);
            ann.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void fiveThousandMembersInOneCallWithABoundedNumberOfStatements() throws Exception {
        StringBuilder users = new StringBuilder("{\"users\":[");
        for (int i = 1; i <= 5000; i++) users.append(i > 1 ? "," : "").append("{\"username\":\"big").append(i).append("\",\"password\":\"pw\"}");
        HttpResponse<String> created = admin("POST", "/api/users/bulk", users.append("]}").toString());
        assertEquals(200, created.statusCode(), created.body());
        XMPPTCPConnection one = online("big1");
        XMPPTCPConnection two = online("big2");
        try {
            assertEquals(201, admin("POST", "/api/shared-groups", "{\"name\":\"big\",\"displayName\":\"Company\"}").statusCode());
            StringBuilder members = new StringBuilder("{\"members\":[");
            for (int i = 1; i <= 5000; i++) members.append(i > 1 ? "," : "").append("\"big").append(i).append('"');
            long t0 = System.nanoTime();
            HttpResponse<String> r = admin("POST", "/api/shared-groups/big/members", members.append("]}").toString());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(5000, number(r.body(), "changed"));
            int statements = number(r.body(), "statements");
            // one read of the members, one account check and one insert batch per 1 000 names
            assertTrue(statements <= 11, "bounded statements: " + r.body());
            System.out.printf("shared group: 5000 members added in %d ms (server %d ms), %d statements, %d online users updated%n",
                    millis, number(r.body(), "millis"), statements, number(r.body(), "onlineUsersUpdated"));
            assertEquals(2, number(r.body(), "onlineUsersUpdated"), r.body());
            eventually("every member in an online member's roster",
                    () -> Roster.getInstanceFor(one).getEntryCount() >= 4999 && Roster.getInstanceFor(two).getEntryCount() >= 4999);
            eventually("and the other online member's presence", () -> sees(one, "big2") && sees(two, "big1"));
        } finally {
            admin("DELETE", "/api/shared-groups/big", null);
            one.disconnect();
            two.disconnect();
        }
    }

    @Test
    void everyoneGroupsFollowNewAccounts() throws Exception {
        Xmpp.createUser("sg-early", "pw");
        XMPPTCPConnection early = online("sg-early");
        try {
            assertEquals(201, admin("POST", "/api/shared-groups", "{\"name\":\"sg-all\",\"displayName\":\"Everyone\",\"everyone\":true}").statusCode());
            eventually("the group shows existing accounts", () -> Roster.getInstanceFor(early).getEntryCount() > 0);
            Xmpp.createUser("sg-late", "pw");
            eventually("a new account appears in the rosters", () -> !absent(early, "sg-late"));
            assertEquals(ItemType.both, Roster.getInstanceFor(early).getEntry(bare("sg-late")).getType());
        } finally {
            assertEquals(200, admin("DELETE", "/api/shared-groups/sg-all", null).statusCode());
            early.disconnect();
        }
    }

    @Test
    void subscriptionPolicyModes() throws Exception {
        for (String u : List.of("pol-a", "pol-b")) Xmpp.createUser(u, "pw");
        XMPPTCPConnection a = online("pol-a");
        XMPPTCPConnection b = online("pol-b");
        StanzaCollector requestsToB = b.createStanzaCollector(StanzaTypeFilter.PRESENCE);
        try {
            assertEquals(200, admin("PUT", "/api/settings/subscription-policy", "{\"policy\":\"auto-approve\"}").statusCode());
            assertTrue(admin("GET", "/api/settings/subscription-policy", null).body().contains("auto-approve"));
            a.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.subscribe).to(bare("pol-b")).build());
            eventually("a is subscribed to b without b answering", () -> sees(a, "pol-b"));
            List<Stanza> atB = new ArrayList<>();
            Stanza s;
            while ((s = requestsToB.pollResult()) != null) atB.add(s);
            assertTrue(atB.stream().noneMatch(p -> ((Presence) p).getType() == Presence.Type.subscribe), "b was not asked: " + atB);

            assertEquals(200, admin("PUT", "/api/settings/subscription-policy", "{\"policy\":\"organisation-only\"}").statusCode());
            StanzaCollector errors = a.createStanzaCollector(StanzaTypeFilter.PRESENCE);
            a.sendStanza(PresenceBuilder.buildPresence().ofType(Presence.Type.subscribe).to(JidCreate.bareFrom("someone@elsewhere.example")).build());
            Presence err = null;
            long deadline = System.currentTimeMillis() + WAIT;
            while (err == null && System.currentTimeMillis() < deadline) {
                Presence p = errors.nextResult(1000);
                if (p != null && p.getType() == Presence.Type.error) err = p;
            }
            errors.cancel();
            assertNotNull(err, "a refusal");
            assertEquals(StanzaError.Condition.not_allowed, err.getError().getCondition());
            assertEquals(400, admin("PUT", "/api/settings/subscription-policy", "{\"policy\":\"nonsense\"}").statusCode());
        } finally {
            admin("PUT", "/api/settings/subscription-policy", "{\"policy\":\"open\"}");
            requestsToB.cancel();
            a.disconnect();
            b.disconnect();
        }
    }

    private static int number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Integer.parseInt(m.group(1));
    }

}
