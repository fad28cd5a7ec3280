package dev.parley.im.roster;

import dev.parley.im.roster.RosterVersioning.Change;
import dev.parley.im.roster.RosterVersioning.Delta;
import dev.parley.im.roster.RosterVersioning.FullRoster;
import dev.parley.xmpp.jid.Jid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterVersioningTest {

    private static Jid jid(String s) { return Jid.of(s + "@example.com"); }

    /** A roster of {@code n} items a0..a(n-1), at version n. */
    private static RosterVersioning roster(int n, int maxTombstones) {
        RosterVersioning v = new RosterVersioning(maxTombstones);
        for (int i = 0; i < n; i++) v.itemChanged(jid("a" + i));
        return v;
    }

    @Test
    void versionCountsChanges() {
        RosterVersioning v = new RosterVersioning();
        assertEquals("0", v.ver());
        assertEquals(1, v.itemChanged(jid("a")));
        assertEquals(2, v.itemChanged(jid("a")));
        assertEquals(3, v.itemRemoved(jid("a")));
        assertEquals("3", v.ver());
        assertThrows(IllegalArgumentException.class, () -> v.itemRemoved(jid("a")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "11", "007", "+5", "99999999999999999999"})
    void fullRosterWhenTheClientVersionIsAbsentEmptyOrUnknown(String ver) {
        RosterVersioning v = roster(10, 8);
        assertEquals(new FullRoster("10"), v.decide(ver));
    }

    @Test
    void fullRosterWithoutVerAttribute() {
        assertEquals(new FullRoster("10"), roster(10, 8).decide(null));
    }

    @Test
    void upToDate() {
        Delta d = assertInstanceOf(Delta.class, roster(10, 8).decide("10"));
        assertTrue(d.upToDate());
        assertTrue(assertInstanceOf(Delta.class, new RosterVersioning().decide("0")).upToDate());
    }

    @Test
    void pushesChangesAndRemovalsSinceTheClientVersionInOrder() {
        RosterVersioning v = roster(10, 8);                 // version 10
        v.itemChanged(jid("a3"));                          // 11
        v.itemRemoved(jid("a5"));                          // 12
        v.itemChanged(jid("new"));                         // 13
        v.itemChanged(jid("a3"));                          // 14: a3's latest change only
        Delta d = assertInstanceOf(Delta.class, v.decide("10"));
        assertEquals(List.of(new Change(jid("a5"), 12, true), new Change(jid("new"), 13, false),
                new Change(jid("a3"), 14, false)), d.changes());
        assertEquals(v.ver(), d.changes().get(d.changes().size() - 1).ver(), "the last push carries the current version");

        Delta later = assertInstanceOf(Delta.class, v.decide("13"));
        assertEquals(List.of(new Change(jid("a3"), 14, false)), later.changes());
    }

    @Test
    void readdedItemIsAnUpdateNotARemoval() {
        RosterVersioning v = roster(10, 8);
        v.itemRemoved(jid("a1"));                          // 11
        v.itemChanged(jid("a1"));                          // 12
        assertEquals(List.of(), v.tombstones());
        assertEquals(List.of(new Change(jid("a1"), 12, false)),
                assertInstanceOf(Delta.class, v.decide("10")).changes());
    }

    @Test
    void fullRosterWhenTheClientIsOlderThanTheOldestTombstone() {
        RosterVersioning v = roster(20, 2);                // version 20
        v.itemRemoved(jid("a0"));                          // 21
        v.itemRemoved(jid("a1"));                          // 22
        v.itemRemoved(jid("a2"));                          // 23: evicts a0's tombstone, horizon 21
        assertEquals(21, v.horizon());
        assertEquals(2, v.tombstones().size());
        assertEquals(new FullRoster("23"), v.decide("20"), "may have missed the removal of a0");
        assertEquals(List.of(new Change(jid("a1"), 22, true), new Change(jid("a2"), 23, true)),
                assertInstanceOf(Delta.class, v.decide("21")).changes());
    }

    @Test
    void noTombstonesMeansEveryRemovalForcesAFullRosterForOlderClients() {
        RosterVersioning v = roster(10, 0);
        v.itemRemoved(jid("a0"));                          // 11, horizon 11
        assertEquals(new FullRoster("11"), v.decide("10"));
        v.itemChanged(jid("a1"));                          // 12
        assertEquals(List.of(new Change(jid("a1"), 12, false)),
                assertInstanceOf(Delta.class, v.decide("11")).changes());
    }

    @Test
    void fullRosterWhenItIsNoBiggerThanThePushes() {
        RosterVersioning v = roster(3, 8);                 // version 3
        v.itemChanged(jid("a0"));
        v.itemChanged(jid("a1"));
        v.itemChanged(jid("a2"));                          // 3 changes for a roster of 3
        assertEquals(new FullRoster("6"), v.decide("3"));
        assertEquals(List.of(new Change(jid("a2"), 6, false)),
                assertInstanceOf(Delta.class, v.decide("5")).changes());
    }

    @Test
    void restoreRoundTrip() {
        RosterVersioning v = roster(10, 2);
        v.itemRemoved(jid("a0"));
        v.itemRemoved(jid("a1"));
        v.itemRemoved(jid("a2"));
        v.itemChanged(jid("a3"));
        RosterVersioning copy = RosterVersioning.restore(v.version(), v.horizon(), v.itemVersions(), v.tombstones(), 2);
        assertEquals(v.version(), copy.version());
        assertEquals(v.horizon(), copy.horizon());
        assertEquals(v.itemVersions(), copy.itemVersions());
        assertEquals(v.tombstones(), copy.tombstones());
        for (String ver : List.of("", "10", "11", "12", "13", "14")) assertEquals(v.decide(ver), copy.decide(ver), ver);

        // a smaller bound on restore evicts and moves the horizon
        RosterVersioning smaller = RosterVersioning.restore(v.version(), v.horizon(), v.itemVersions(), v.tombstones(), 1);
        assertEquals(12, smaller.horizon());
        assertThrows(IllegalArgumentException.class,
                () -> RosterVersioning.restore(5, 0, Map.of(jid("x"), 6L), List.of(), 2));
    }

    @Test
    void featureElement() {
        assertEquals("<ver xmlns=\"urn:xmpp:features:rosterver\"/>", RosterVersioning.feature().toXml(""));
    }
}
