package dev.parley.im.roster;

import dev.parley.im.support.MemoryRosterStore;
import dev.parley.xmpp.jid.Jid;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterCacheTest {

    private static Jid jid(int i) { return Jid.of("c" + i + "@example.com"); }

    @Test
    void loadsOnceThenServesReadsFromMemory() {
        MemoryRosterStore store = new MemoryRosterStore();
        RosterCache cache = new RosterCache(store, 8, 100, o -> true);
        cache.modify("juliet", s -> s.store(jid(1), RosterItem.of(jid(1))));
        for (int i = 0; i < 10; i++) assertEquals(1, cache.view("juliet").size());
        assertEquals(1, store.loads.get());
        assertEquals(1, store.writes.get());
    }

    @Test
    void writesThroughAndRestoresAfterEviction() {
        MemoryRosterStore store = new MemoryRosterStore();
        RosterCache cache = new RosterCache(store, 8, 100, o -> true);
        cache.modify("juliet", s -> {
            s.store(jid(1), new RosterItem(jid(1), "One", List.of("G"), SubscriptionState.BOTH, false));
            return s.store(jid(2), RosterItem.of(jid(2)));
        });
        cache.evict("juliet");
        assertFalse(cache.cached("juliet"));
        Map<Jid, RosterItem> v = cache.view("juliet");
        assertEquals(SubscriptionState.BOTH, v.get(jid(1)).state());
        assertEquals("2", cache.read("juliet", RosterState::ver));
        assertEquals(2, store.loads.get());
    }

    @Test
    void aFailedWriteLeavesNothingBehindInMemory() {
        MemoryRosterStore store = new MemoryRosterStore();
        RosterCache cache = new RosterCache(store, 8, 100, o -> true);
        cache.modify("juliet", s -> s.store(jid(1), RosterItem.of(jid(1))));
        AtomicInteger pushed = new AtomicInteger();
        store.failNextWrite = true;
        assertThrows(IllegalStateException.class, () -> cache.modify("juliet", s -> {
            s.store(jid(2), RosterItem.of(jid(2)));
            s.afterCommit(pushed::incrementAndGet);
            return null;
        }));
        assertEquals(0, pushed.get(), "no push for a change that was not committed");
        assertEquals(Map.of(jid(1), RosterItem.of(jid(1))), cache.view("juliet"), "reloaded from the store");
        assertEquals("1", cache.read("juliet", RosterState::ver));
    }

    @Test
    void readersSeeOnlyCommittedState() throws Exception {
        MemoryRosterStore store = new MemoryRosterStore();
        RosterCache cache = new RosterCache(store, 8, 100, o -> true);
        cache.view("juliet");
        CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread writer = new Thread(() -> cache.modify("juliet", s -> {
            s.store(jid(1), RosterItem.of(jid(1)));
            inside.countDown();
            try { release.await(5, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            return null;
        }));
        writer.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        assertTrue(cache.view("juliet").isEmpty(), "a change in progress is not visible");
        release.countDown();
        writer.join(5000);
        assertEquals(1, cache.view("juliet").size());
    }

    @Test
    void concurrentChangesToOneRosterAreSerialized() throws Exception {
        MemoryRosterStore store = new MemoryRosterStore();
        RosterCache cache = new RosterCache(store, 8, 100, o -> true);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> pushedVersions = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            fs.add(pool.submit(() -> cache.modify("juliet", s -> {
                RosterState.Push p = s.store(jid(n), RosterItem.of(jid(n)));
                s.afterCommit(() -> pushedVersions.add(p.ver()));
                return null;
            })));
        }
        for (Future<?> f : fs) f.get(10, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals("200", cache.read("juliet", RosterState::ver));
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 200; i++) expected.add(String.valueOf(i));
        assertEquals(expected, pushedVersions, "pushes leave in version order");
        cache.evict("juliet");
        assertEquals(200, cache.view("juliet").size());
    }

    @Test
    void idleOwnersAreDroppedBeyondTheLimitOnlineOnesKept() {
        MemoryRosterStore store = new MemoryRosterStore();
        RosterCache cache = new RosterCache(store, 8, 10, o -> o.startsWith("online"));
        for (int i = 0; i < 5; i++) cache.view("online" + i);
        for (int i = 0; i < 20; i++) cache.view("idle" + i);
        assertTrue(cache.size() <= 10, "size " + cache.size());
        for (int i = 0; i < 5; i++) assertTrue(cache.cached("online" + i));
    }

    @Test
    void bulkChangesManyRostersInOneWrite() {
        MemoryRosterStore store = new MemoryRosterStore();
        RosterCache cache = new RosterCache(store, 8, 100, o -> true);
        cache.view("b"); // one of them already in memory
        int changed = cache.modifyAll(List.of("c", "a", "b"), states -> {
            int n = 0;
            for (RosterState s : states.values()) { s.store(jid(1), RosterItem.of(jid(1))); n++; }
            return n;
        });
        assertEquals(3, changed);
        assertEquals(1, store.writes.get(), "one transaction");
        for (String o : List.of("a", "b", "c")) {
            assertEquals(2, store.rowsOf(o).size(), "item and versioning record of " + o);
            assertEquals(1, cache.view(o).size());
        }
    }
}
