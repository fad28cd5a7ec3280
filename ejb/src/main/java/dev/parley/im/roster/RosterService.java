package dev.parley.im.roster;

import dev.parley.im.config.ServerSettings;
import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.jid.Jid;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The application's rosters: one {@link RosterCache} in front of the {@link RosterRepository}, and the
 * {@link RosterManager} that serves roster IQs, pushes and administration.
 * Configuration: {@code xmpp.limits.max-roster-items}, {@code xmpp.roster.cache-size} (owners kept in memory).
 */
@ApplicationScoped
public class RosterService {
    @EJB RosterRepository repository;
    @Inject LocalDelivery delivery;
    @Inject ServerSettings settings;
    @Inject jakarta.enterprise.inject.Instance<dev.parley.im.shared.SharedGroups> sharedGroups; // lazy: it uses this bean

    private RosterManager manager;

    @PostConstruct
    void init() {
        int cacheSize = Integer.parseInt(settings.get("xmpp.roster.cache-size").orElse("100000"));
        RosterCache cache = new RosterCache(new RosterCache.Store() {
            @Override public List<RosterRow> load(String owner) { return repository.load(owner); }
            @Override public void write(String owner, RosterState.Changes changes) { repository.write(owner, changes); }
            @Override public Map<String, List<RosterRow>> loadAll(Collection<String> owners) { return repository.loadAll(owners); }
            @Override public void writeAll(Map<String, RosterState.Changes> changes) { repository.writeAll(changes); }
        }, RosterVersioning.DEFAULT_MAX_TOMBSTONES, cacheSize,
                owner -> !delivery.sessions(Jid.of(owner, settings.domain(), null)).isEmpty());
        manager = new RosterManager(cache, delivery::sessions, settings.domain(), settings.maxRosterItems());
    }

    /** The roster manager, with the shared groups loaded (on first use). */
    public RosterManager manager() {
        if (!manager.sharedInstalled()) sharedGroups.get().ensureLoaded();
        return manager;
    }

    /** The roster manager as it is, for the shared groups that install themselves into it. */
    public RosterManager rawManager() { return manager; }

    /** Which of these usernames have an account. */
    public java.util.Set<String> existingAccounts(Collection<String> usernames) { return repository.existingAccounts(usernames); }
}
