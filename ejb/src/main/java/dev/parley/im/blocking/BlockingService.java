package dev.parley.im.blocking;

import dev.parley.im.account.AccountService.AccountDeleted;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.presence.PresenceService;
import dev.parley.im.route.LocalDelivery;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * XEP-0191 blocking: every account's blocklist in memory, so {@link #isBlocked} (asked for every
 * message, IQ and presence between two parties) never touches the database. The lists are loaded once
 * at start; a change is written to the database first and applied to memory after it commits.
 *
 * <p>Memory grows with the total number of blocked items, not with the number of accounts. The cache
 * belongs to this node: a deployment with several nodes would need to propagate changes.
 * The lists are loaded when the application starts ({@link BlocklistPreload}).
 */
@ApplicationScoped
public class BlockingService {
    public static final String ERRORS = "urn:xmpp:blocking:errors";

    /** What XEP-0191 §5.3 says about a stanza between two parties. */
    public enum Verdict {
        /** Neither blocks the other. */
        NONE,
        /** The sender blocked the recipient: {@code not-acceptable} with {@code <blocked/>}. */
        OUTBOUND,
        /** A local recipient blocked the sender: answered as if the recipient were not there ({@code service-unavailable}). */
        INBOUND
    }

    @Inject ServerSettings settings;
    @Inject LocalDelivery delivery;
    @EJB BlockStore store;
    @EJB PresenceService presence;

    private final Map<String, BlockList> lists = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[64];
    private final AtomicLong pushIds = new AtomicLong();
    private volatile boolean loaded;

    public BlockingService() {
        for (int i = 0; i < locks.length; i++) locks[i] = new Object();
    }

    /** Loads every blocklist, once (at start, from {@link BlocklistPreload}; else on first use). */
    public void ensureLoaded() {
        if (loaded) return;
        synchronized (lists) {
            if (loaded) return;
            for (Map.Entry<String, List<String>> e : store.loadAll().entrySet()) {
                List<Jid> jids = new ArrayList<>(e.getValue().size());
                for (String s : e.getValue()) {
                    Jid j = Jid.parseOrNull(s);
                    if (j != null) jids.add(j);
                }
                lists.put(e.getKey(), new BlockList(jids));
            }
            loaded = true;
        }
    }

    /** Whether the local account {@code user} blocked {@code other} (XEP-0191 §4 matching). In memory. */
    public boolean isBlocked(Jid user, Jid other) {
        if (user == null || other == null || user.local() == null || !user.domain().equals(settings.domain())) return false;
        ensureLoaded();
        BlockList l = lists.get(user.local());
        return l != null && l.matches(other);
    }

    /** XEP-0191 §5.3 for a stanza from the local {@code from} to {@code to}. Stanzas between one account's resources are never blocked. */
    public Verdict check(Jid from, Jid to) {
        if (to == null || from.bare().equals(to.bare())) return Verdict.NONE;
        if (isBlocked(from.bare(), to)) return Verdict.OUTBOUND;
        if (to.local() != null && isBlocked(to.bare(), from)) return Verdict.INBOUND;
        return Verdict.NONE;
    }

    /**
     * The error for a stanza refused by {@link #check}. Inbound, the answer is exactly what a missing
     * account gets (RFC 6121 §8.5.1), so the blocking user "appears offline" (XEP-0191 §5.3).
     */
    public static Element refusal(Element stanza, Verdict verdict) {
        if (verdict == Verdict.INBOUND) return Stanzas.error(stanza, Stanzas.CANCEL, "service-unavailable");
        Element e = Stanzas.error(stanza, Stanzas.CANCEL, "not-acceptable");
        List<Element> errors = e.elements("error", stanza.namespace());
        errors.get(errors.size() - 1).addChild("blocked", ERRORS);
        return e;
    }

    /** The account's blocklist, in the order items were blocked. */
    public List<Jid> blocklist(String username) {
        ensureLoaded();
        return lists.getOrDefault(username, BlockList.EMPTY).items();
    }

    /** Blocks {@code jids}; returns those that were not blocked before. */
    public List<Jid> block(String username, Collection<Jid> jids) {
        ensureLoaded();
        synchronized (lock(username)) {
            BlockList current = lists.getOrDefault(username, BlockList.EMPTY);
            List<Jid> added = current.missing(jids);
            if (added.isEmpty()) return added;
            store.add(username, strings(added)); // commits before memory changes
            lists.put(username, current.with(added));
            return added;
        }
    }

    /** Unblocks {@code jids}, or everything when {@code jids} is null; returns those that were blocked. */
    public List<Jid> unblock(String username, Collection<Jid> jids) {
        ensureLoaded();
        synchronized (lock(username)) {
            BlockList current = lists.getOrDefault(username, BlockList.EMPTY);
            List<Jid> removed = new ArrayList<>();
            if (jids == null) removed.addAll(current.items());
            else for (Jid j : jids) if (current.contains(j) && !removed.contains(j)) removed.add(j);
            if (removed.isEmpty()) return removed;
            if (jids == null) store.removeAll(username); else store.remove(username, strings(removed));
            BlockList next = current.without(removed);
            if (next.isEmpty()) lists.remove(username); else lists.put(username, next);
            return removed;
        }
    }

    /**
     * Applies a change to the user's sessions: the push to each resource that asked for the blocklist
     * (XEP-0191 §5.3, §5.4, §5.5) and the presence that goes with it: unavailable to a contact when it is
     * blocked, current presence when it is unblocked. {@code payload} is the block or unblock element.
     */
    public void afterChange(Jid user, Element payload, List<Jid> blocked, List<Jid> unblocked) {
        for (XmppSession s : delivery.sessions(user.bare())) {
            if (!ClientState.of(s).blocklistRequested()) continue;
            Element push = new Element("iq", Ns.CLIENT).attr("type", "set")
                    .attr("id", "block-push-" + pushIds.incrementAndGet()).attr("to", s.jid().toString());
            push.add(payload);
            s.send(push);
        }
        for (Jid j : blocked) presence.sendUnavailable(user.bare(), j);
        for (Jid j : unblocked) presence.sendCurrentPresence(user.bare(), j);
    }

    /** The deleted account's list leaves memory once the deletion has committed. */
    void onAccountDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDeleted event) {
        synchronized (lock(event.username())) {
            lists.remove(event.username());
        }
    }

    private Object lock(String username) {
        return locks[(username.hashCode() & 0x7fffffff) % locks.length];
    }

    private static List<String> strings(List<Jid> jids) {
        List<String> out = new ArrayList<>(jids.size());
        for (Jid j : jids) out.add(j.toString());
        return out;
    }
}
