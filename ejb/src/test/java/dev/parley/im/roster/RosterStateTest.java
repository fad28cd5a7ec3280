package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterStateTest {
    private static final Jid NURSE = Jid.of("nurse@example.com");
    private static final Jid ROMEO = Jid.of("romeo@example.net");

    /** Writes the state's drained changes into a row table, as the database would hold them. */
    private static void apply(Map<String, RosterRow> table, RosterState.Changes c) {
        for (String d : c.deletes()) table.remove(d);
        for (RosterRow r : c.upserts()) table.put(r.contact(), r);
    }

    @Test
    void groupsUseASeparatorThatXmlCannotCarry() {
        String enc = RosterRow.encodeGroups(List.of("Friends", "Servants", "a b"));
        assertEquals("Friends\u001fServants\u001fa b", enc);
        assertEquals(List.of("Friends", "Servants", "a b"), List.copyOf(RosterRow.decodeGroups(enc)));
        assertNull(RosterRow.encodeGroups(List.of()));
        assertTrue(RosterRow.decodeGroups(null).isEmpty());
    }

    @Test
    void visibleChangesMoveTheVersionAndArePushed() {
        RosterState s = RosterState.empty("juliet", 8);
        RosterState.Push p = s.store(NURSE, new RosterItem(NURSE, "Nurse", List.of("Servants"), SubscriptionState.NONE, false));
        assertNotNull(p);
        assertEquals("1", p.ver());
        assertEquals("nurse@example.com", p.item().attr("jid"));
        assertEquals("none", p.item().attr("subscription"));
        // same item again: nothing to push, no new version
        assertNull(s.store(NURSE, new RosterItem(NURSE, "Nurse", List.of("Servants"), SubscriptionState.NONE, false)));
        assertEquals("1", s.ver());
        RosterState.Push removal = s.store(NURSE, null);
        assertEquals("remove", removal.item().attr("subscription"));
        assertEquals("2", removal.ver());
    }

    @Test
    void pendingInAloneIsStoredButNeitherPushedNorVersioned() {
        RosterState s = RosterState.empty("juliet", 8);
        s.store(ROMEO, RosterItem.of(ROMEO));
        s.drain();
        // an inbound request on an existing item: the client sees nothing new (RFC 6121 §2.1.2 has no attribute for it)
        assertNull(s.store(ROMEO, RosterItem.of(ROMEO).withSubscription(SubscriptionState.NONE_PENDING_IN, false)));
        s.pending(ROMEO, "<presence type='subscribe'/>");
        assertEquals("1", s.ver());
        RosterState.Changes c = s.drain();
        assertEquals(1, c.upserts().size(), "the item row only, no versioning record");
        assertEquals("<presence type='subscribe'/>", c.upserts().get(0).pendingStanza());
        // a hidden record of a request from outside the roster: stored, never pushed
        Jid paris = Jid.of("paris@example.org");
        assertNull(s.store(paris, RosterItem.pendingInOnly(paris)));
        assertEquals(1, s.visibleCount());
        assertEquals(1, s.hiddenCount());
    }

    @Test
    void rowsRestoreTheSameRosterVersionsAndTombstones() {
        Map<String, RosterRow> table = new java.util.HashMap<>();
        RosterState s = RosterState.empty("juliet", 8);
        s.store(NURSE, new RosterItem(NURSE, "Nurse", List.of("Servants", "House"), SubscriptionState.BOTH, false));
        s.store(ROMEO, new RosterItem(ROMEO, null, List.of(), SubscriptionState.NONE_PENDING_OUT, true));
        Jid tybalt = Jid.of("tybalt@example.com");
        s.store(tybalt, RosterItem.of(tybalt));
        s.store(tybalt, null); // tombstone at version 4
        Jid paris = Jid.of("paris@example.org");
        s.store(paris, RosterItem.pendingInOnly(paris));
        s.pending(paris, "<presence from='paris@example.org' type='subscribe'/>");
        apply(table, s.drain());
        s.publish();

        RosterState r = RosterState.fromRows("juliet", new ArrayList<>(table.values()), 8);
        assertEquals("4", r.ver());
        assertEquals(s.view(), r.view());
        assertEquals(s.item(NURSE), r.item(NURSE));
        assertEquals(List.of("Servants", "House"), List.copyOf(r.item(NURSE).groups()));
        assertTrue(r.item(ROMEO).approved());
        assertTrue(r.item(paris).hidden());
        assertEquals("<presence from='paris@example.org' type='subscribe'/>", r.pendingRequests().get(paris));
        // the tombstone survived: a client at version 3 learns of the removal
        RosterVersioning.Delta d = assertInstanceOf(RosterVersioning.Delta.class, r.versioning().decide("3"));
        assertEquals(List.of(new RosterVersioning.Change(tybalt, 4, true)), d.changes());
        assertEquals(s.rows().size(), r.rows().size());
    }

    @Test
    void evictedTombstonesDisappearFromTheTable() {
        Map<String, RosterRow> table = new java.util.HashMap<>();
        RosterState s = RosterState.empty("juliet", 2);
        for (int i = 0; i < 4; i++) {
            Jid j = Jid.of("c" + i + "@example.com");
            s.store(j, RosterItem.of(j));
            s.store(j, null);
        }
        apply(table, s.drain());
        // two tombstones kept (versions 6 and 8); the horizon moved to the newest one dropped (4)
        assertEquals(3, table.size(), "two tombstones and the versioning record: " + table.keySet());
        RosterState r = RosterState.fromRows("juliet", table.values(), 2);
        assertEquals(4, r.versioning().horizon());
        assertEquals("8", r.ver());
        assertInstanceOf(RosterVersioning.FullRoster.class, r.versioning().decide("3"), "a removal before the horizon may be unknown");
    }

    @Test
    void viewIsPublishedOnlyOnRequest() {
        RosterState s = RosterState.empty("juliet", 8);
        s.store(NURSE, RosterItem.of(NURSE));
        assertTrue(s.view().isEmpty(), "readers see a change only once it is committed");
        s.publish();
        assertEquals(Set.of(NURSE), s.view().keySet());
        assertFalse(s.view().get(NURSE).hidden());
    }
}
