package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One user's roster in memory: items (including hidden records of pending requests), the kept subscription
 * requests, and the versioning bookkeeping (RFC 6121 §2.6). Not thread-safe: the {@link RosterCache} serializes
 * changes per owner; readers on other threads use {@link #view()}, an immutable snapshot published after each
 * committed change.
 *
 * <p>Every change records which rows must be written; {@link #drain()} returns them (with the versioning record when
 * the version moved) for the write-through to the database.
 */
public final class RosterState {
    private static final Logger LOG = Logger.getLogger(RosterState.class.getName());

    /** A roster push to send to the owner's interested resources (§2.1.6): the item and the roster version. */
    public record Push(Element item, String ver) {
        public Push { Objects.requireNonNull(item, "item"); }
    }

    /** Rows to write: upserts, and contacts whose row is to be deleted. */
    public record Changes(List<RosterRow> upserts, List<String> deletes) {
        public Changes { upserts = List.copyOf(upserts); deletes = List.copyOf(deletes); }
        public boolean isEmpty() { return upserts.isEmpty() && deletes.isEmpty(); }
    }

    private final String owner;
    private final int maxTombstones;
    private final LinkedHashMap<Jid, RosterItem> items = new LinkedHashMap<>();
    private final HashMap<Jid, String> pending = new HashMap<>();
    private RosterVersioning versioning;
    private final Set<Jid> dirty = new LinkedHashSet<>();
    private boolean metaDirty;
    private final List<Runnable> afterCommit = new ArrayList<>();
    private volatile Map<Jid, RosterItem> view = Map.of();

    private RosterState(String owner, int maxTombstones) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.maxTombstones = maxTombstones;
        this.versioning = new RosterVersioning(maxTombstones);
    }

    public static RosterState empty(String owner, int maxTombstones) {
        return new RosterState(owner, maxTombstones);
    }

    /** Rebuilds a roster from its stored rows (any order). Rows whose contact is not a JID are skipped. */
    public static RosterState fromRows(String owner, Collection<RosterRow> rows, int maxTombstones) {
        RosterState s = new RosterState(owner, maxTombstones);
        long version = 0, horizon = 0;
        Map<Jid, Long> itemVersions = new HashMap<>();
        List<RosterVersioning.Tombstone> tombstones = new ArrayList<>();
        for (RosterRow r : rows) {
            if (r.isMeta()) { version = Math.max(version, r.version()); horizon = r.removedVersion(); continue; }
            Jid jid = Jid.parseOrNull(r.contact());
            if (jid == null) { LOG.warning(() -> "roster of " + owner + ": skipping a row with an invalid JID"); continue; }
            if (r.state() != null) {
                RosterItem item = r.hidden() ? RosterItem.pendingInOnly(jid)
                        : new RosterItem(jid, r.name(), RosterRow.decodeGroups(r.groups()), r.state(), r.approved());
                s.items.put(jid, item);
                if (r.pendingStanza() != null && r.state().pendingIn()) s.pending.put(jid, r.pendingStanza());
                if (!r.hidden()) { itemVersions.put(jid, r.version()); version = Math.max(version, r.version()); }
            }
            if (r.removedVersion() > 0 && (r.state() == null || r.hidden())) {
                tombstones.add(new RosterVersioning.Tombstone(jid, r.removedVersion()));
                version = Math.max(version, r.removedVersion());
            }
        }
        s.versioning = RosterVersioning.restore(version, Math.min(horizon, version), itemVersions, tombstones, maxTombstones);
        s.publish();
        return s;
    }

    public String owner() { return owner; }

    /** An immutable snapshot of every stored item, hidden ones included, as of the last committed change. */
    public Map<Jid, RosterItem> view() { return view; }

    /** The stored item for that JID (hidden or not), or null. */
    public RosterItem item(Jid jid) { return items.get(jid); }

    /** The items of the roster (hidden records excluded), in the order they were added. */
    public List<RosterItem> visibleItems() {
        List<RosterItem> out = new ArrayList<>(items.size());
        for (RosterItem i : items.values()) if (!i.hidden()) out.add(i);
        return out;
    }

    public int visibleCount() {
        int n = 0;
        for (RosterItem i : items.values()) if (!i.hidden()) n++;
        return n;
    }

    public int hiddenCount() { return items.size() - visibleCount(); }

    /** The kept subscription requests of contacts whose request is pending in (§3.1.3), by contact. */
    public Map<Jid, String> pendingRequests() { return Collections.unmodifiableMap(pending); }

    public RosterVersioning versioning() { return versioning; }

    /** The current roster version as sent in {@code ver}. */
    public String ver() { return versioning.ver(); }

    /**
     * Stores {@code after} as the record for {@code jid} (null: no record is kept). Returns the roster push for a
     * change the client can see (§2.1.6) and moves the roster version; returns null for a change of hidden state
     * only (a pending-in flag, a hidden record), which is stored without a version.
     */
    public Push store(Jid jid, RosterItem after) {
        Objects.requireNonNull(jid, "jid");
        RosterItem before = items.get(jid);
        if (Objects.equals(before, after)) return null;
        boolean beforeVisible = before != null && !before.hidden();
        boolean afterVisible = after != null && !after.hidden();
        if (after == null) items.remove(jid); else items.put(jid, after);
        if (after == null || !after.state().pendingIn()) pending.remove(jid);
        dirty.add(jid);
        if (afterVisible) {
            if (beforeVisible && before.toElement().equals(after.toElement())) return null; // e.g. only pending-in changed
            long v = versioning.itemChanged(jid);
            metaDirty = true;
            return new Push(after.toElement(), RosterVersioning.render(v));
        }
        if (beforeVisible) {
            Set<Jid> tombsBefore = tombstoneJids();
            long v = versioning.itemRemoved(jid);
            Set<Jid> evicted = new HashSet<>(tombsBefore);
            evicted.removeAll(tombstoneJids());
            dirty.addAll(evicted);
            metaDirty = true;
            return new Push(RosterItem.removalElement(jid), RosterVersioning.render(v));
        }
        return null;
    }

    /** Keeps the complete subscription request of a contact whose request is pending in (§3.1.3). */
    public void pending(Jid jid, String stanzaXml) {
        RosterItem item = items.get(jid);
        if (item == null || !item.state().pendingIn()) return;
        if (!Objects.equals(pending.get(jid), stanzaXml)) {
            pending.put(jid, stanzaXml);
            dirty.add(jid);
        }
    }

    /** Work to run once the current change is committed, still in order with other changes of this roster. */
    public void afterCommit(Runnable r) { afterCommit.add(r); }

    /** The rows changed since the last drain. */
    public Changes drain() {
        List<RosterRow> upserts = new ArrayList<>(dirty.size() + 1);
        List<String> deletes = new ArrayList<>();
        Map<Jid, Long> tombs = tombstoneMap();
        for (Jid jid : dirty) {
            RosterRow row = rowFor(jid, tombs);
            if (row == null) deletes.add(jid.toString()); else upserts.add(row);
        }
        if (metaDirty) upserts.add(RosterRow.meta(versioning.version(), versioning.horizon()));
        dirty.clear();
        metaDirty = false;
        return new Changes(upserts, deletes);
    }

    /** Every row of this roster, for a full rewrite. */
    public List<RosterRow> rows() {
        Map<Jid, Long> tombs = tombstoneMap();
        Set<Jid> all = new LinkedHashSet<>(items.keySet());
        all.addAll(tombs.keySet());
        List<RosterRow> out = new ArrayList<>(all.size() + 1);
        for (Jid j : all) { RosterRow r = rowFor(j, tombs); if (r != null) out.add(r); }
        out.add(RosterRow.meta(versioning.version(), versioning.horizon()));
        return out;
    }

    /** The work registered by {@link #afterCommit}, handed over once. */
    public List<Runnable> takeAfterCommit() {
        if (afterCommit.isEmpty()) return List.of();
        List<Runnable> out = new ArrayList<>(afterCommit);
        afterCommit.clear();
        return out;
    }

    /** Forgets registered work (the change was not committed). */
    public void discardAfterCommit() { afterCommit.clear(); }

    /** Makes the current items visible to {@link #view()} readers. */
    public void publish() { view = Collections.unmodifiableMap(new HashMap<>(items)); }

    private RosterRow rowFor(Jid jid, Map<Jid, Long> tombs) {
        RosterItem item = items.get(jid);
        Long tomb = tombs.get(jid);
        if (item != null && !item.hidden()) {
            Long v = versioning.itemVersions().get(jid);
            return new RosterRow(jid.toString(), item.name(), RosterRow.encodeGroups(item.groups()), item.state(),
                    item.approved(), false, v == null ? 0 : v, 0, pending.get(jid));
        }
        if (item != null) {
            return new RosterRow(jid.toString(), null, null, item.state(), false, true, 0, tomb == null ? 0 : tomb, pending.get(jid));
        }
        if (tomb != null) return new RosterRow(jid.toString(), null, null, null, false, false, 0, tomb, null);
        return null;
    }

    private Set<Jid> tombstoneJids() { return tombstoneMap().keySet(); }

    private Map<Jid, Long> tombstoneMap() {
        Map<Jid, Long> m = new HashMap<>();
        for (RosterVersioning.Tombstone t : versioning.tombstones()) m.put(t.jid(), t.version());
        return m;
    }

    int maxTombstones() { return maxTombstones; }
}
