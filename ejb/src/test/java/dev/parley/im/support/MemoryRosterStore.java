package dev.parley.im.support;

import dev.parley.im.roster.RosterCache;
import dev.parley.im.roster.RosterRow;
import dev.parley.im.roster.RosterState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The roster table in memory; counts loads and writes, and can be told to fail the next write. */
public final class MemoryRosterStore implements RosterCache.Store {
    private final Map<String, Map<String, RosterRow>> rows = new HashMap<>();
    public final AtomicInteger loads = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public volatile boolean failNextWrite;

    @Override public synchronized List<RosterRow> load(String owner) {
        loads.incrementAndGet();
        return new ArrayList<>(rows.getOrDefault(owner, Map.of()).values());
    }

    @Override public synchronized void write(String owner, RosterState.Changes changes) {
        if (failNextWrite) { failNextWrite = false; throw new IllegalStateException("database down"); }
        writes.incrementAndGet();
        Map<String, RosterRow> m = rows.computeIfAbsent(owner, k -> new LinkedHashMap<>());
        for (String c : changes.deletes()) m.remove(c);
        for (RosterRow r : changes.upserts()) m.put(r.contact(), r);
    }

    @Override public synchronized Map<String, List<RosterRow>> loadAll(Collection<String> owners) {
        Map<String, List<RosterRow>> out = new HashMap<>();
        for (String o : owners) { loads.incrementAndGet(); out.put(o, new ArrayList<>(rows.getOrDefault(o, Map.of()).values())); }
        return out;
    }

    @Override public synchronized void writeAll(Map<String, RosterState.Changes> changes) {
        if (failNextWrite) { failNextWrite = false; throw new IllegalStateException("database down"); }
        for (Map.Entry<String, RosterState.Changes> e : changes.entrySet()) {
            write(e.getKey(), e.getValue());
            writes.decrementAndGet();
        }
        writes.incrementAndGet();
    }

    public synchronized Map<String, RosterRow> rowsOf(String owner) { return Map.copyOf(rows.getOrDefault(owner, Map.of())); }
}
