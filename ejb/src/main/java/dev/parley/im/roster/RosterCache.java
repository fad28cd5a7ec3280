package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The rosters in memory, per owner, loaded on first use and written through on every change, so that presence
 * broadcasts and probes never touch the database.
 *
 * <ul>
 *   <li>Changes to one owner's roster are serialized by a per-owner lock; the database write happens under it and
 *       the new state becomes visible to readers ({@link #view}) only once the write succeeded. If the write fails,
 *       the entry is dropped and the next use reloads what the database holds.</li>
 *   <li>Work registered with {@link RosterState#afterCommit} (roster pushes) runs after the write, still under the
 *       lock, so pushes leave in the order of the versions they carry.</li>
 *   <li>A function given to {@link #modify} must only touch its own roster: it must not call back into the cache for
 *       another owner (no owner's lock is ever held while another is taken, except by {@link #modifyAll}, which
 *       takes its locks in one global order).</li>
 *   <li>Eviction: {@link #evict} when an owner's last session ends; beyond {@code maxEntries} entries, owners that are
 *       not in use (no session) are dropped.</li>
 * </ul>
 */
public final class RosterCache {
    private static final Logger LOG = Logger.getLogger(RosterCache.class.getName());

    /** Where rosters are kept. */
    public interface Store {
        /** All rows of an owner (one query). */
        List<RosterRow> load(String owner);
        /** Writes the changes of one owner in one transaction. */
        void write(String owner, RosterState.Changes changes);
        /** All rows of these owners. */
        Map<String, List<RosterRow>> loadAll(Collection<String> owners);
        /** Writes the changes of several owners in one transaction. */
        void writeAll(Map<String, RosterState.Changes> changes);
    }

    private static final class Holder {
        final ReentrantLock lock = new ReentrantLock();
        volatile RosterState state;
        boolean dead; // guarded by lock
    }

    private final ConcurrentHashMap<String, Holder> holders = new ConcurrentHashMap<>();
    private final Store store;
    private final int maxTombstones;
    private final int maxEntries;
    private final Predicate<String> inUse;

    /**
     * @param maxEntries owners kept in memory before idle ones are dropped
     * @param inUse      whether an owner is in use (has sessions on this node); such owners are not dropped for size
     */
    public RosterCache(Store store, int maxTombstones, int maxEntries, Predicate<String> inUse) {
        this.store = Objects.requireNonNull(store, "store");
        this.maxTombstones = maxTombstones;
        this.maxEntries = Math.max(1, maxEntries);
        this.inUse = inUse == null ? o -> false : inUse;
    }

    /** The owner's items (hidden records included), loading the roster if needed. No lock once loaded. */
    public Map<Jid, RosterItem> view(String owner) {
        Holder h = holders.get(owner);
        RosterState s = h == null ? null : h.state;
        if (s != null) return s.view();
        return read(owner, RosterState::view);
    }

    /** Whether the owner's roster is in memory. */
    public boolean cached(String owner) {
        Holder h = holders.get(owner);
        return h != null && h.state != null;
    }

    public int size() { return holders.size(); }

    /** Runs {@code fn} on the owner's roster under its lock, without changing it. */
    public <T> T read(String owner, Function<RosterState, T> fn) {
        return modify(owner, fn);
    }

    /**
     * Runs {@code fn} on the owner's roster under its lock, writes what it changed, publishes the new state and runs
     * the work it registered to run after the commit.
     */
    public <T> T modify(String owner, Function<RosterState, T> fn) {
        Objects.requireNonNull(owner, "owner");
        while (true) {
            Holder h = holders.computeIfAbsent(owner, k -> new Holder());
            boolean loaded = false;
            h.lock.lock();
            try {
                if (h.dead) continue; // evicted meanwhile: take the new holder
                RosterState s = h.state;
                if (s == null) {
                    s = RosterState.fromRows(owner, store.load(owner), maxTombstones);
                    h.state = s;
                    loaded = true;
                }
                T result;
                boolean changed;
                try {
                    result = fn.apply(s);
                    RosterState.Changes c = s.drain();
                    changed = !c.isEmpty();
                    if (changed) store.write(owner, c);
                } catch (RuntimeException | Error e) {
                    s.discardAfterCommit();
                    kill(owner, h); // memory may be ahead of the database: reload next time
                    throw e;
                }
                if (changed) s.publish();
                runAll(s.takeAfterCommit());
                return result;
            } finally {
                h.lock.unlock();
                if (loaded) trim();
            }
        }
    }

    /**
     * Changes several rosters in one transaction (bulk provisioning). Locks are taken in owner order; rosters not in
     * memory are loaded with one query.
     */
    public <T> T modifyAll(Collection<String> owners, Function<Map<String, RosterState>, T> fn) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(owners));
        List<Holder> locked = new ArrayList<>(sorted.size());
        try {
            Map<String, RosterState> states = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            for (String o : sorted) {
                Holder h;
                while (true) {
                    h = holders.computeIfAbsent(o, k -> new Holder());
                    h.lock.lock();
                    if (!h.dead) break;
                    h.lock.unlock();
                }
                locked.add(h);
                if (h.state == null) missing.add(o); else states.put(o, h.state);
            }
            if (!missing.isEmpty()) {
                Map<String, List<RosterRow>> rows = store.loadAll(missing);
                for (int i = 0; i < sorted.size(); i++) {
                    String o = sorted.get(i);
                    if (states.containsKey(o)) continue;
                    RosterState s = RosterState.fromRows(o, rows.getOrDefault(o, List.of()), maxTombstones);
                    locked.get(i).state = s;
                    states.put(o, s);
                }
            }
            T result;
            Map<String, RosterState.Changes> changes = new HashMap<>();
            try {
                result = fn.apply(states);
                for (Map.Entry<String, RosterState> e : states.entrySet()) {
                    RosterState.Changes c = e.getValue().drain();
                    if (!c.isEmpty()) changes.put(e.getKey(), c);
                }
                if (!changes.isEmpty()) store.writeAll(changes);
            } catch (RuntimeException | Error e) {
                for (int i = 0; i < sorted.size(); i++) {
                    states.get(sorted.get(i)).discardAfterCommit();
                    kill(sorted.get(i), locked.get(i));
                }
                throw e;
            }
            List<Runnable> after = new ArrayList<>();
            for (RosterState s : states.values()) { s.publish(); after.addAll(s.takeAfterCommit()); }
            runAll(after);
            return result;
        } finally {
            for (Holder h : locked) h.lock.unlock();
            trim();
        }
    }

    /** Drops the owner's roster from memory; the next use reloads it. */
    public void evict(String owner) {
        Holder h = holders.get(owner);
        if (h == null) return;
        h.lock.lock();
        try {
            kill(owner, h);
        } finally {
            h.lock.unlock();
        }
    }

    /** Drops everything (tests, administration). */
    public void clear() {
        for (String o : new ArrayList<>(holders.keySet())) evict(o);
    }

    private void kill(String owner, Holder h) {
        h.dead = true;
        h.state = null;
        holders.remove(owner, h);
    }

    private void trim() {
        if (holders.size() <= maxEntries) return;
        int target = Math.max(1, maxEntries - maxEntries / 10);
        for (String o : new ArrayList<>(holders.keySet())) {
            if (holders.size() <= target) break;
            if (inUse.test(o)) continue;
            Holder h = holders.get(o);
            if (h != null && h.lock.tryLock()) {
                try { kill(o, h); } finally { h.lock.unlock(); }
            }
        }
    }

    private static void runAll(List<Runnable> work) {
        for (Runnable r : work) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // delivery to a client failed; the roster change itself is committed
                LOG.log(Level.WARNING, "post-commit roster work failed", e);
            }
        }
    }
}
