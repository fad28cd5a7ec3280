package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Roster versioning bookkeeping for one user (RFC 6121 §2.6); plain and not thread-safe, meant to be loaded,
 * changed and saved together with the user's roster.
 *
 * <p>Scheme: the roster version is a counter that goes up by one on every change to the roster (an item added,
 * changed or removed; never for hidden records, which are not part of the roster) and is rendered as its decimal
 * string. Each item remembers the version at which it last changed; each removal leaves a tombstone (JID, version)
 * and at most {@code maxTombstones} are kept. When the oldest tombstone is dropped its version becomes the
 * <em>horizon</em>: a client whose version is older than the horizon may have missed a removal we no longer know
 * of and gets the full roster.
 *
 * <p>{@link #decide(String)} answers a roster get carrying {@code ver} (§2.6.3): the full roster when the client's
 * version is absent, empty, not one we issued, older than the horizon, or when the changes would outweigh the
 * roster itself; otherwise an empty result followed by one roster push per change since the client's version,
 * oldest first, each carrying the version of its change, the last one the current version.
 */
public final class RosterVersioning {

    /** Namespace of the stream feature {@code <ver xmlns='urn:xmpp:features:rosterver'/>} (§2.6.1). */
    public static final String FEATURE_NS = "urn:xmpp:features:rosterver";

    /** Default number of removals remembered. */
    public static final int DEFAULT_MAX_TOMBSTONES = 256;

    /** A removed item and the roster version of its removal. */
    public record Tombstone(Jid jid, long version) {
        public Tombstone { Objects.requireNonNull(jid, "jid"); }
    }

    /** One change to send as a roster push: the item (or its removal) and the version to put in {@code ver}. */
    public record Change(Jid jid, long version, boolean removed) {
        public Change { Objects.requireNonNull(jid, "jid"); }
        public String ver() { return render(version); }
    }

    /** What to answer to a roster get. */
    public sealed interface Decision permits FullRoster, Delta { }

    /** Return the whole roster, with {@code ver} set to {@link #ver()}. */
    public record FullRoster(String ver) implements Decision { }

    /**
     * Return an empty IQ result (no {@code <query/>}); then push these changes in order. No changes means the
     * client is up to date.
     */
    public record Delta(List<Change> changes) implements Decision {
        public Delta { changes = List.copyOf(changes); }
        public boolean upToDate() { return changes.isEmpty(); }
    }

    private final int maxTombstones;
    private long version;
    private long horizon;
    private final Map<Jid, Long> itemVersions = new HashMap<>();
    private final LinkedHashMap<Jid, Long> tombstones = new LinkedHashMap<>(); // oldest first

    /** An empty roster at version 0. */
    public RosterVersioning() { this(DEFAULT_MAX_TOMBSTONES); }

    /** An empty roster at version 0, remembering at most that many removals. */
    public RosterVersioning(int maxTombstones) {
        if (maxTombstones < 0) throw new IllegalArgumentException("maxTombstones < 0");
        this.maxTombstones = maxTombstones;
    }

    /** Rebuilds the bookkeeping from what was saved ({@link #version()}, {@link #horizon()}, items, tombstones). */
    public static RosterVersioning restore(long version, long horizon, Map<Jid, Long> itemVersions,
                                           Collection<Tombstone> tombstones, int maxTombstones) {
        RosterVersioning v = new RosterVersioning(maxTombstones);
        if (version < 0 || horizon < 0 || horizon > version) throw new IllegalArgumentException("bad version or horizon");
        v.version = version;
        v.horizon = horizon;
        for (Map.Entry<Jid, Long> e : itemVersions.entrySet()) {
            if (e.getValue() > version) throw new IllegalArgumentException("item newer than the roster: " + e.getKey());
            v.itemVersions.put(e.getKey(), e.getValue());
        }
        List<Tombstone> sorted = new ArrayList<>(tombstones);
        sorted.sort(Comparator.comparingLong(Tombstone::version));
        for (Tombstone t : sorted) {
            if (t.version() > version) throw new IllegalArgumentException("tombstone newer than the roster: " + t.jid());
            if (!v.itemVersions.containsKey(t.jid())) { v.tombstones.remove(t.jid()); v.tombstones.put(t.jid(), t.version()); }
        }
        v.evict();
        return v;
    }

    /** The feature element {@code <ver xmlns='urn:xmpp:features:rosterver'/>}. */
    public static Element feature() { return new Element("ver", FEATURE_NS); }

    /** The string form of a version, as sent in {@code ver}. */
    public static String render(long version) { return Long.toString(version); }

    public long version() { return version; }

    /** The current version as sent in {@code ver}. */
    public String ver() { return render(version); }

    /** Versions below this may have had removals no longer remembered. */
    public long horizon() { return horizon; }

    /** The version at which each item last changed, unmodifiable. */
    public Map<Jid, Long> itemVersions() { return Collections.unmodifiableMap(itemVersions); }

    /** The remembered removals, oldest first. */
    public List<Tombstone> tombstones() {
        List<Tombstone> out = new ArrayList<>(tombstones.size());
        tombstones.forEach((jid, v) -> out.add(new Tombstone(jid, v)));
        return out;
    }

    /** An item was added or changed: returns the new roster version, to put in the roster push. */
    public long itemChanged(Jid jid) {
        Objects.requireNonNull(jid, "jid");
        version++;
        itemVersions.put(jid, version);
        tombstones.remove(jid); // the item's own version now tells the client about it
        return version;
    }

    /** An item was removed: returns the new roster version, to put in the removal push. */
    public long itemRemoved(Jid jid) {
        Objects.requireNonNull(jid, "jid");
        if (itemVersions.remove(jid) == null) throw new IllegalArgumentException("not in the roster: " + jid);
        version++;
        tombstones.put(jid, version);
        evict();
        return version;
    }

    private void evict() {
        var it = tombstones.entrySet().iterator();
        while (tombstones.size() > maxTombstones && it.hasNext()) {
            horizon = Math.max(horizon, it.next().getValue());
            it.remove();
        }
    }

    /**
     * Answers a roster get (§2.6.3).
     *
     * @param clientVer the {@code ver} attribute of the client's query, or null when it has none
     */
    public Decision decide(String clientVer) {
        long known = parse(clientVer);
        if (known < 0 || known > version) return new FullRoster(ver()); // absent, "" (bootstrap, §2.6.2), or unknown
        if (known == version) return new Delta(List.of());
        if (known < horizon) return new FullRoster(ver());
        List<Change> changes = new ArrayList<>();
        itemVersions.forEach((jid, v) -> { if (v > known) changes.add(new Change(jid, v, false)); });
        tombstones.forEach((jid, v) -> { if (v > known) changes.add(new Change(jid, v, true)); });
        // §2.6.3: the full roster is preferable when it is no bigger than the pushes would be
        if (changes.size() >= itemVersions.size()) return new FullRoster(ver());
        changes.sort(Comparator.comparingLong(Change::version));
        return new Delta(changes);
    }

    /** The version a {@code ver} string stands for, or -1 if it is not one this class renders. */
    static long parse(String ver) {
        if (ver == null || ver.isEmpty() || ver.length() > 19) return -1;
        for (int i = 0; i < ver.length(); i++) if (ver.charAt(i) < '0' || ver.charAt(i) > '9') return -1;
        try {
            long v = Long.parseLong(ver);
            return render(v).equals(ver) ? v : -1; // canonical form only: no leading zeros
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
