package dev.parley.im.shared;

import dev.parley.im.roster.RosterItem;
import dev.parley.im.roster.SharedContacts;
import dev.parley.im.roster.SubscriptionState;
import dev.parley.xmpp.jid.Jid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedDirectoryTest {
    private static final String D = "example.com";

    private static Jid j(String u) { return Jid.of(u, D, null); }

    private static SharedGroup group(String name, String display, Set<String> visibleTo, String... members) {
        return new SharedGroup(name, display, false, visibleTo, Set.of(members));
    }

    @Test
    void membersOfAGroupShownToItselfSeeEachOtherWithBoth() {
        SharedDirectory d = new SharedDirectory(D, List.of(group("eng", "Engineering", Set.of("eng"), "ann", "bob", "cy")), Set.of());
        Map<Jid, RosterItem> ann = d.of("ann");
        assertEquals(Set.of(j("bob"), j("cy")), ann.keySet(), "everyone but herself");
        RosterItem bob = ann.get(j("bob"));
        assertEquals(SubscriptionState.BOTH, bob.state());
        assertEquals(Set.of("Engineering"), bob.groups());
        assertTrue(d.of("dave").isEmpty(), "not a member");
        assertNull(d.tag("dave"));
    }

    @Test
    void oneWayVisibilityGivesToOnOneSideAndFromOnTheOther() {
        // support is shown to sales: sales members see support members, not the other way round
        SharedDirectory d = new SharedDirectory(D, List.of(
                group("support", "Support", Set.of("sales"), "sam"),
                group("sales", "Sales", Set.of(), "sue")), Set.of());
        assertEquals(SubscriptionState.TO, d.of("sue").get(j("sam")).state());
        assertEquals(Set.of("Support"), d.of("sue").get(j("sam")).groups());
        assertEquals(SubscriptionState.FROM, d.of("sam").get(j("sue")).state(), "sam's presence goes to sue");
    }

    @Test
    void everyoneGroupsUseEveryAccount() {
        SharedDirectory d = new SharedDirectory(D, List.of(new SharedGroup("all", "Company", true, Set.of("all"), Set.of())),
                Set.of("ann", "bob", "cy"));
        assertEquals(Set.of(j("ann"), j("bob")), d.of("cy").keySet());
        SharedDirectory more = d.withAccounts(Set.of("ann", "bob", "cy", "dee"));
        assertTrue(more.of("cy").containsKey(j("dee")));
        assertNotEquals(d.tag("cy"), more.tag("cy"), "the tag follows the contacts");
        assertEquals(d.tag("ann"), new SharedDirectory(D, d.groups().values(), Set.of("ann", "bob", "cy")).tag("ann"),
                "the tag is a function of the contacts, stable across rebuilds and restarts");
    }

    @Test
    void affectedCoversMembersOfRelatedGroupsOnly() {
        SharedDirectory before = new SharedDirectory(D, List.of(
                group("eng", "Engineering", Set.of("eng"), "ann", "bob"),
                group("ops", "Operations", Set.of("ops"), "oli")), Set.of());
        SharedDirectory after = before.with("eng", before.group("eng").withMembers(Set.of("ann", "bob", "cy")));
        Set<String> affected = SharedDirectory.affected(before, after, Set.of("eng"), Set.of("cy"));
        assertEquals(Set.of("ann", "bob", "cy"), affected);
        Map<Jid, RosterItem> changes = SharedContacts.diff(before.of("ann"), after.of("ann"));
        assertEquals(Set.of(j("cy")), changes.keySet());
        Map<Jid, RosterItem> removed = SharedContacts.diff(after.of("ann"), before.of("ann"));
        assertNull(removed.get(j("cy")));
        assertTrue(removed.containsKey(j("cy")), "a contact that left is reported with null");
    }

    @Test
    void mergeKeepsPersonalNameAndAddsPresenceDirections() {
        RosterItem personal = new RosterItem(j("bob"), "Bobby", List.of("Friends"), SubscriptionState.NONE_PENDING_OUT, false);
        RosterItem shared = new RosterItem(j("bob"), null, List.of("Engineering"), SubscriptionState.BOTH, false);
        RosterItem m = SharedContacts.merge(personal, shared);
        assertEquals("Bobby", m.name());
        assertEquals(List.of("Friends", "Engineering"), List.copyOf(m.groups()));
        assertEquals(SubscriptionState.BOTH, m.state(), "no pending request once the group gives 'to'");
        RosterItem from = new RosterItem(j("bob"), null, List.of("Sales"), SubscriptionState.FROM, false);
        RosterItem asked = SharedContacts.merge(personal, from);
        assertEquals(SubscriptionState.FROM_PENDING_OUT, asked.state(), "the user's own request still waits");
    }
}
