package dev.parley.im.shared;

import dev.parley.im.account.AccountService.AccountDeleted;
import dev.parley.im.account.AccountService.AccountsCreated;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.presence.PresenceCore;
import dev.parley.im.roster.RosterItem;
import dev.parley.im.roster.RosterManager;
import dev.parley.im.roster.RosterService;
import dev.parley.im.roster.SharedContacts;
import dev.parley.im.roster.SubscriptionPolicy;
import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.jid.Jid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The organisation's presence policy: shared roster groups and the subscription policy. The groups live in the
 * database and, as one immutable {@link SharedDirectory}, in memory, where the roster and presence logic read them
 * without queries. Every change is written, swapped in as a new snapshot, and then pushed at once to the online users
 * it affects: roster pushes for the contacts that appeared, changed or left, presence from contacts that became
 * visible, unavailable presence from those that no longer are.
 *
 * <p>Changes are serialized here. Like the roster cache, the snapshot is per node: with several nodes, each reloads
 * the groups at start (see the README's limits).
 */
@ApplicationScoped
public class SharedGroups {
    private static final Logger LOG = Logger.getLogger(SharedGroups.class.getName());
    static final String POLICY = "subscription-policy";

    @Inject SharedGroupStore store;
    @Inject RosterService rosters;
    @Inject PresenceCore presence;
    @Inject LocalDelivery delivery;
    @Inject ServerSettings settings;

    private final Object lock = new Object();
    private volatile SharedDirectory directory;
    private volatile SubscriptionPolicy policy;

    /** What a change did, for the API: members changed, names without an account, statements, time. */
    public record Outcome(Set<String> changed, Set<String> unknown, int statements, long millis, int usersPushed) { }

    /** Thrown for a request that conflicts with what exists. */
    public static final class Conflict extends RuntimeException {
        public Conflict(String message) { super(message); }
    }

    /** Loads the groups into memory and installs them for the rosters (idempotent). */
    public void ensureLoaded() {
        if (directory != null) return;
        synchronized (lock) {
            if (directory != null) return;
            List<SharedGroup> groups = store.loadAll();
            boolean everyone = groups.stream().anyMatch(SharedGroup::everyone);
            SharedDirectory d = new SharedDirectory(settings.domain(), groups, everyone ? store.accounts() : Set.of());
            rosters.rawManager().shared(d);
            directory = d;
            String p = store.setting(POLICY);
            SubscriptionPolicy configured = SubscriptionPolicy.parse(settings.get("xmpp.roster.subscription-policy").orElse("open"));
            policy = p != null && SubscriptionPolicy.parse(p) != null ? SubscriptionPolicy.parse(p)
                    : configured != null ? configured : SubscriptionPolicy.OPEN;
        }
    }

    public SharedDirectory directory() { ensureLoaded(); return directory; }

    public SubscriptionPolicy policy() { ensureLoaded(); return policy; }

    public void policy(SubscriptionPolicy p) {
        ensureLoaded();
        synchronized (lock) {
            store.setting(POLICY, p.value());
            policy = p;
        }
    }

    // ------------------------------------------------------------------ changes

    public Outcome create(SharedGroup g) {
        ensureLoaded();
        synchronized (lock) {
            long t0 = System.nanoTime();
            SharedGroupStore.Change c = store.create(g);
            if (c == null) throw new Conflict("shared group " + g.name() + " exists");
            SharedDirectory before = directory;
            SharedDirectory after = withAccountsIfNeeded(before.with(g.name(), g.withMembers(c.changed())), g.everyone());
            int pushed = install(before, after, Set.of(g.name()), c.changed());
            return new Outcome(c.changed(), c.unknown(), c.statements(), millis(t0), pushed);
        }
    }

    /** Changes a group's display name, visibility or 'everyone' flag; null if there is no such group. */
    public Outcome update(String name, String displayName, Boolean everyone, Set<String> visibleTo) {
        ensureLoaded();
        synchronized (lock) {
            long t0 = System.nanoTime();
            SharedDirectory before = directory;
            SharedGroup old = before.group(name);
            if (old == null) return null;
            SharedGroup g = new SharedGroup(name, displayName != null ? displayName : old.displayName(),
                    everyone != null ? everyone : old.everyone(), visibleTo != null ? visibleTo : old.visibleTo(), old.members());
            store.save(g);
            SharedDirectory after = withAccountsIfNeeded(before.with(name, g), g.everyone());
            int pushed = install(before, after, Set.of(name), Set.of());
            return new Outcome(Set.of(), Set.of(), 1, millis(t0), pushed);
        }
    }

    public Outcome delete(String name) {
        ensureLoaded();
        synchronized (lock) {
            long t0 = System.nanoTime();
            SharedDirectory before = directory;
            if (before.group(name) == null || !store.delete(name)) return null;
            int pushed = install(before, before.with(name, null), Set.of(name), Set.of());
            return new Outcome(Set.of(), Set.of(), 2, millis(t0), pushed);
        }
    }

    public Outcome addMembers(String name, Collection<String> usernames) { return changeMembers(name, usernames, true); }

    public Outcome removeMembers(String name, Collection<String> usernames) { return changeMembers(name, usernames, false); }

    private Outcome changeMembers(String name, Collection<String> usernames, boolean add) {
        ensureLoaded();
        synchronized (lock) {
            long t0 = System.nanoTime();
            SharedDirectory before = directory;
            SharedGroup g = before.group(name);
            if (g == null) return null;
            if (add && g.everyone()) throw new Conflict("every account is a member of " + name);
            SharedGroupStore.Change c = add ? store.addMembers(name, usernames) : store.removeMembers(name, usernames);
            Set<String> members = new LinkedHashSet<>(g.members());
            if (add) members.addAll(c.changed()); else members.removeAll(c.changed());
            int pushed = install(before, before.with(name, g.withMembers(members)), Set.of(name), c.changed());
            return new Outcome(c.changed(), c.unknown(), c.statements(), millis(t0), pushed);
        }
    }

    void accountsCreated(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountsCreated created) {
        SharedDirectory d = directory;
        if (d == null || !d.needsAccounts()) return;
        synchronized (lock) {
            SharedDirectory before = directory;
            Set<String> accounts = new LinkedHashSet<>(before.accounts());
            accounts.addAll(created.usernames());
            install(before, before.withAccounts(accounts), before.everyoneGroups(), created.usernames());
        }
    }

    void accountDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDeleted deleted) {
        SharedDirectory d = directory;
        if (d == null) return;
        String u = deleted.username();
        synchronized (lock) {
            SharedDirectory before = directory;
            SharedDirectory after = before;
            Set<String> changed = new LinkedHashSet<>(before.everyoneGroups());
            for (SharedGroup g : before.groups().values()) {
                if (g.members().contains(u)) {
                    Set<String> m = new LinkedHashSet<>(g.members());
                    m.remove(u);
                    after = after.with(g.name(), g.withMembers(m));
                    changed.add(g.name());
                }
            }
            if (before.needsAccounts()) {
                Set<String> accounts = new LinkedHashSet<>(after.accounts());
                accounts.remove(u);
                after = after.withAccounts(accounts);
            }
            if (after != before) install(before, after, changed, Set.of(u));
        }
    }

    // ------------------------------------------------------------------ propagation

    private SharedDirectory withAccountsIfNeeded(SharedDirectory d, boolean everyone) {
        return everyone && d.accounts().isEmpty() ? d.withAccounts(store.accounts()) : d;
    }

    /** Swaps the snapshot in, then tells the affected online users; returns how many got pushes. */
    private int install(SharedDirectory before, SharedDirectory after, Set<String> changedGroups, Collection<String> changedMembers) {
        RosterManager manager = rosters.rawManager();
        manager.shared(after);
        directory = after;
        int pushed = 0;
        for (String u : SharedDirectory.affected(before, after, changedGroups, changedMembers)) {
            Jid user = Jid.of(u, settings.domain(), null);
            if (delivery.sessions(user).isEmpty()) continue; // offline: the next roster get has it all
            try {
                Map<Jid, RosterItem> personal = manager.cache().view(u);
                Map<Jid, RosterItem> beforeItems = before.of(u);
                Map<Jid, RosterItem> changes = manager.pushShared(u, before, after);
                if (changes.isEmpty()) continue;
                pushed++;
                for (Map.Entry<Jid, RosterItem> e : changes.entrySet()) {
                    RosterItem was = SharedContacts.merge(personal.get(e.getKey()), beforeItems.get(e.getKey()));
                    boolean saw = was != null && !was.hidden() && was.state().iSeeContactPresence();
                    boolean sees = e.getValue() != null && e.getValue().state().iSeeContactPresence();
                    if (saw != sees) presence.engine().visibilityChanged(user, e.getKey(), sees);
                }
            } catch (RuntimeException ex) {
                // the change is committed; this user's client catches up at its next roster get
                LOG.log(Level.WARNING, "could not push a shared group change to " + user, ex);
            }
        }
        return pushed;
    }

    private static long millis(long t0) { return (System.nanoTime() - t0) / 1_000_000; }
}
