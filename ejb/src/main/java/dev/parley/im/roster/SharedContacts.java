package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;

import java.util.Map;

/**
 * Contacts an owner has through the organisation's shared roster groups rather than through subscriptions: they
 * appear in the roster with the subscription the groups' visibility gives (both, to or from), without a handshake.
 * Implementations are immutable snapshots; a change of the groups is a new snapshot.
 */
public interface SharedContacts {
    /** No shared groups. */
    SharedContacts NONE = new SharedContacts() {
        @Override public Map<Jid, RosterItem> of(String owner) { return Map.of(); }
        @Override public String tag(String owner) { return null; }
    };

    /** The owner's shared contacts (bare JID to item: state To, From or Both, groups = display names); never hidden. */
    Map<Jid, RosterItem> of(String owner);

    /** A short tag that differs whenever {@link #of} differs for this owner; null when the owner has none. */
    String tag(String owner);

    /**
     * The item a client sees for a contact it has both personally ({@code personal}, may be null or hidden) and
     * through a shared group ({@code shared}, may be null): presence flows if either says so, the user's own name
     * and groups are kept and the shared groups added. Null when neither gives an item.
     */
    static RosterItem merge(RosterItem personal, RosterItem shared) {
        if (shared == null) return personal;
        if (personal == null) return shared;
        SubscriptionState p = personal.state();
        SubscriptionState s = shared.state();
        boolean to = p.iSeeContactPresence() || s.iSeeContactPresence();
        boolean from = p.contactSeesMyPresence() || s.contactSeesMyPresence();
        SubscriptionState merged = SubscriptionState.of(to, from, p.pendingOut() && !to, p.pendingIn() && !from);
        java.util.LinkedHashSet<String> groups = new java.util.LinkedHashSet<>();
        if (!personal.hidden()) groups.addAll(personal.groups());
        groups.addAll(shared.groups());
        return new RosterItem(shared.jid(), personal.hidden() ? null : personal.name(), groups, merged, personal.approved());
    }

    /** For each contact whose shared item differs between two maps: the new item, or null when it is gone. */
    static Map<Jid, RosterItem> diff(Map<Jid, RosterItem> before, Map<Jid, RosterItem> after) {
        Map<Jid, RosterItem> changes = new java.util.LinkedHashMap<>();
        for (Map.Entry<Jid, RosterItem> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) changes.put(e.getKey(), e.getValue());
        }
        for (Jid j : before.keySet()) if (!after.containsKey(j)) changes.put(j, null);
        return changes;
    }
}
