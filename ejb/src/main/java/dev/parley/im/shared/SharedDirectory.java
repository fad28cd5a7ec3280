package dev.parley.im.shared;

import dev.parley.im.roster.RosterItem;
import dev.parley.im.roster.SharedContacts;
import dev.parley.im.roster.SubscriptionState;
import dev.parley.xmpp.jid.Jid;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An immutable snapshot of the shared roster groups and what they give each user. A user {@code u} has contact
 * {@code c} with
 * <ul>
 *   <li>'to' (u sees c's presence) when c is a member of a group shown to one of u's groups;</li>
 *   <li>'from' (c sees u's presence) when u is a member of a group shown to one of c's groups;</li>
 *   <li>'both' when both hold, which is the case for members of a group shown to itself.</li>
 * </ul>
 * Each user's contacts are computed on first use and kept with the snapshot, so presence broadcasts do not recompute
 * them. A change of the groups builds a new snapshot ({@link #with}); {@link #affected} says whose contacts may differ.
 */
public final class SharedDirectory implements SharedContacts {
    private record Contacts(Map<Jid, RosterItem> items, String tag) { }

    private final String domain;
    private final Map<String, SharedGroup> groups;        // by name
    private final Map<String, Set<String>> memberOf;       // username -> explicit groups
    private final Set<String> everyoneGroups;
    private final Map<String, Set<String>> shownToMe;      // group g -> groups h with g in h.visibleTo (g's members see h's)
    private final Set<String> accounts;                    // every account, needed only with 'everyone' groups
    private final ConcurrentHashMap<String, Contacts> cache = new ConcurrentHashMap<>();

    /** An empty directory. */
    public static SharedDirectory empty(String domain) { return new SharedDirectory(domain, List.of(), Set.of()); }

    /**
     * @param accounts every account of the domain; consulted only for groups with {@code everyone} set
     */
    public SharedDirectory(String domain, Collection<SharedGroup> groups, Set<String> accounts) {
        this.domain = domain;
        Map<String, SharedGroup> byName = new LinkedHashMap<>();
        for (SharedGroup g : groups) byName.put(g.name(), g);
        this.groups = Collections.unmodifiableMap(byName);
        Map<String, Set<String>> of = new HashMap<>();
        Set<String> every = new LinkedHashSet<>();
        Map<String, Set<String>> shown = new HashMap<>();
        for (SharedGroup g : byName.values()) {
            if (g.everyone()) every.add(g.name());
            for (String m : g.members()) of.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(g.name());
            for (String v : g.visibleTo()) shown.computeIfAbsent(v, k -> new LinkedHashSet<>()).add(g.name());
        }
        this.memberOf = of;
        this.everyoneGroups = Collections.unmodifiableSet(every);
        this.shownToMe = shown;
        this.accounts = every.isEmpty() ? Set.of() : accounts;
    }

    /** The same groups with another set of accounts (an account was created or deleted). */
    public SharedDirectory withAccounts(Set<String> accounts) { return new SharedDirectory(domain, groups.values(), accounts); }

    /** This directory with one group added or replaced ({@code group}), or removed ({@code group == null}). */
    public SharedDirectory with(String name, SharedGroup group) {
        Map<String, SharedGroup> next = new LinkedHashMap<>(groups);
        if (group == null) next.remove(name); else next.put(name, group);
        return new SharedDirectory(domain, next.values(), accounts);
    }

    public Map<String, SharedGroup> groups() { return groups; }
    public SharedGroup group(String name) { return groups.get(name); }
    public boolean needsAccounts() { return !everyoneGroups.isEmpty(); }
    public Set<String> everyoneGroups() { return everyoneGroups; }
    /** The accounts known to this snapshot (empty unless there are 'everyone' groups). */
    public Set<String> accounts() { return accounts; }

    /** The groups a user belongs to. */
    public Set<String> groupsOf(String user) {
        Set<String> explicit = memberOf.getOrDefault(user, Set.of());
        if (everyoneGroups.isEmpty()) return explicit;
        Set<String> all = new LinkedHashSet<>(explicit);
        all.addAll(everyoneGroups);
        return all;
    }

    /** The members of a group (every account for an 'everyone' group). */
    public Set<String> membersOf(String group) {
        SharedGroup g = groups.get(group);
        if (g == null) return Set.of();
        return g.everyone() ? accounts : g.members();
    }

    @Override
    public Map<Jid, RosterItem> of(String owner) { return contacts(owner).items; }

    @Override
    public String tag(String owner) { return contacts(owner).tag; }

    private Contacts contacts(String owner) {
        if (groups.isEmpty()) return EMPTY;
        Contacts c = cache.get(owner);
        if (c == null) {
            c = compute(owner);
            cache.putIfAbsent(owner, c);
        }
        return c;
    }

    private static final Contacts EMPTY = new Contacts(Map.of(), null);

    private Contacts compute(String user) {
        Set<String> mine = groupsOf(user);
        if (mine.isEmpty()) return EMPTY;
        // contact -> display names of the groups that relate us, for each direction
        Map<String, Set<String>> to = new HashMap<>();
        Map<String, Set<String>> from = new HashMap<>();
        for (String g : mine) {
            for (String h : shownToMe.getOrDefault(g, Set.of())) add(to, h, user);
            SharedGroup group = groups.get(g);
            for (String v : group.visibleTo()) add(from, v, user);
        }
        if (to.isEmpty() && from.isEmpty()) return EMPTY;
        TreeMap<String, RosterItem> sorted = new TreeMap<>();
        Set<String> all = new HashSet<>(to.keySet());
        all.addAll(from.keySet());
        for (String c : all) {
            boolean t = to.containsKey(c);
            boolean f = from.containsKey(c);
            Set<String> names = t ? to.get(c) : from.get(c);
            SubscriptionState state = SubscriptionState.of(t, f, false, false);
            sorted.put(c, new RosterItem(Jid.of(c, domain, null), null, names, state, false));
        }
        Map<Jid, RosterItem> items = new LinkedHashMap<>();
        long h = 0xcbf29ce484222325L; // FNV-1a over the sorted contacts, their state and groups
        for (RosterItem i : sorted.values()) {
            items.put(i.jid(), i);
            h = fnv(h, i.jid().local());
            h = fnv(h, i.state().subscription());
            for (String g : i.groups()) h = fnv(h, g);
        }
        return new Contacts(Collections.unmodifiableMap(items), "s" + Long.toHexString(h));
    }

    private void add(Map<String, Set<String>> into, String group, String self) {
        SharedGroup g = groups.get(group);
        if (g == null) return; // visibility names a group that does not exist (yet)
        for (String m : membersOf(group)) {
            if (!m.equals(self)) into.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(g.displayName());
        }
    }

    private static long fnv(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) { h ^= (b & 0xff); h *= 0x100000001b3L; }
        h ^= 0xff; h *= 0x100000001b3L; // separator
        return h;
    }

    /**
     * Users whose shared contacts may differ between two snapshots, given the groups that changed and the users whose
     * membership changed: members (in either snapshot) of the changed groups, of the groups they are shown to, and of
     * the groups shown to them. A superset; compare {@link #of} to find the real changes.
     */
    public static Set<String> affected(SharedDirectory before, SharedDirectory after, Set<String> changedGroups,
                                       Collection<String> changedMembers) {
        Set<String> related = new HashSet<>();
        for (SharedDirectory d : List.of(before, after)) {
            for (String g : changedGroups) {
                related.add(g);
                SharedGroup group = d.groups.get(g);
                if (group != null) related.addAll(group.visibleTo());
                related.addAll(d.shownToMe.getOrDefault(g, Set.of()));
            }
        }
        Set<String> users = new HashSet<>(changedMembers);
        for (SharedDirectory d : List.of(before, after)) {
            for (String g : related) users.addAll(d.membersOf(g));
        }
        return users;
    }
}
