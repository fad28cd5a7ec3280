package dev.parley.im.roster;

import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The roster of RFC 6121 §2 over the {@link RosterCache}: roster get with versioning (§2.1.3, §2.6), roster set
 * (§2.3, §2.4), removal (§2.5), roster pushes (§2.1.6), the size limit, and the administrative operations.
 * Plain Java; the container wires the store and the sessions.
 */
public final class RosterManager {

    /** What a roster set did: the reply to send, and for a removal the item as it was (for §2.5.2 side effects). */
    public record SetOutcome(Element reply, RosterItem removed) { }

    /** Thrown by administrative operations on a roster that is full. */
    public static final class RosterFullException extends RuntimeException {
        public RosterFullException(String message) { super(message); }
    }

    private static final AtomicLong PUSH_IDS = new AtomicLong();

    private final RosterCache cache;
    private final Function<Jid, List<XmppSession>> sessions;
    private final String domain;
    private final int maxItems;
    private final RosterItemParser parser;
    /** The organisation's shared groups (a snapshot, swapped as a whole when they change). */
    private volatile SharedContacts shared = SharedContacts.NONE;
    private volatile boolean sharedInstalled;

    /**
     * @param sessions the bound sessions of a bare JID on this node
     * @param maxItems items a roster may hold (hidden records of requests are counted separately, same limit)
     */
    public RosterManager(RosterCache cache, Function<Jid, List<XmppSession>> sessions, String domain, int maxItems) {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.domain = domain;
        this.maxItems = maxItems;
        this.parser = new RosterItemParser();
    }

    public RosterCache cache() { return cache; }
    public int maxItems() { return maxItems; }
    public String domain() { return domain; }

    public SharedContacts shared() { return shared; }

    /** Installs a new snapshot of the shared groups; {@link #pushShared} then tells online users what changed. */
    public void shared(SharedContacts snapshot) {
        this.shared = Objects.requireNonNull(snapshot, "snapshot");
        sharedInstalled = true;
    }

    /** Whether a snapshot of the shared groups was installed (they are loaded on first use). */
    public boolean sharedInstalled() { return sharedInstalled; }

    /**
     * The owner's items, hidden records included, with the contacts of shared groups merged in (a snapshot; no
     * database access once loaded).
     */
    public Map<Jid, RosterItem> items(String owner) {
        Map<Jid, RosterItem> personal = cache.view(owner);
        Map<Jid, RosterItem> sh = shared.of(owner);
        if (sh.isEmpty()) return personal;
        Map<Jid, RosterItem> merged = new java.util.LinkedHashMap<>(personal);
        for (Map.Entry<Jid, RosterItem> e : sh.entrySet()) merged.put(e.getKey(), SharedContacts.merge(personal.get(e.getKey()), e.getValue()));
        return merged;
    }

    /** The owner's item for that contact if it is part of the roster (not hidden), shared groups included, else null. */
    public RosterItem visibleItem(String owner, Jid contact) {
        RosterItem i = SharedContacts.merge(cache.view(owner).get(contact), shared.of(owner).get(contact));
        return i == null || i.hidden() ? null : i;
    }

    /** What the shared groups alone give the owner for that contact, or null. */
    public RosterItem sharedItem(String owner, Jid contact) { return shared.of(owner).get(contact); }

    // ------------------------------------------------------------------ roster IQs

    /**
     * A roster IQ (get or set) from a client. Only the account's own resources may read or change its roster
     * (§2.1.5, §2.3.3): the IQ carries no 'to' or the user's own bare JID (the router passes nothing else here
     * except another local bare JID, which is refused).
     */
    public SetOutcome handle(XmppSession session, Element iq) {
        Jid user = session.jid().bare();
        String to = iq.attr("to");
        boolean set = "set".equals(iq.attr("type"));
        if (to != null && !user.equals(Jid.parseOrNull(to))) {
            // §2.3.3: a set by anyone but the owner is forbidden; §2.1.5: nobody else can read it either
            return new SetOutcome(set ? Stanzas.error(iq, Stanzas.AUTH, "forbidden")
                    : Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable"), null);
        }
        Element query = iq.elements().get(0);
        if (!query.is("query", Ns.ROSTER)) return new SetOutcome(Stanzas.error(iq, Stanzas.MODIFY, "bad-request"), null);
        return set ? set(session, iq, query) : new SetOutcome(get(session, iq, query), null);
    }

    /** Roster get (§2.1.3); with {@code ver}, versioning (§2.6.3). Returns null when the reply was sent here. */
    Element get(XmppSession session, Element iq, Element query) {
        // §2.1.6: the resource becomes interested; before reading, so no push falls between the read and this
        ClientState.of(session).interested(true);
        String ver = query.attr("ver");
        String owner = session.jid().local();
        return cache.read(owner, state -> {
            SharedContacts sh = shared;
            Map<Jid, RosterItem> sharedItems = sh.of(owner);
            String tag = sh.tag(owner);
            if (ver != null) {
                // the version is the personal roster's, followed by "-" and the shared groups' tag when there are any:
                // a delta is possible only when the shared part is exactly what the client has
                int dash = ver.indexOf('-');
                String personalVer = dash < 0 ? ver : ver.substring(0, dash);
                String clientTag = dash < 0 ? null : ver.substring(dash + 1);
                RosterVersioning.Decision d = Objects.equals(clientTag, tag) ? state.versioning().decide(personalVer) : null;
                if (d instanceof RosterVersioning.Delta delta) {
                    // §2.6.3: an empty result, then the changes since the client's version as pushes to this resource
                    session.send(Stanzas.result(iq));
                    for (RosterVersioning.Change c : delta.changes()) {
                        RosterItem item = SharedContacts.merge(c.removed() ? null : state.item(c.jid()), sharedItems.get(c.jid()));
                        Element el = item == null || item.hidden() ? RosterItem.removalElement(c.jid()) : item.toElement();
                        session.sendRaw(pushXml(session.jid(), el, withTag(c.ver(), tag)));
                    }
                    return null;
                }
            }
            Element result = Stanzas.result(iq);
            Element q = result.addChild("query", Ns.ROSTER);
            if (ver != null) q.attr("ver", withTag(state.ver(), tag));
            for (RosterItem i : state.visibleItems()) {
                if (!sharedItems.containsKey(i.jid())) q.add(i.toElement());
            }
            for (Map.Entry<Jid, RosterItem> e : sharedItems.entrySet()) {
                q.add(SharedContacts.merge(state.item(e.getKey()), e.getValue()).toElement());
            }
            return result;
        });
    }

    private SetOutcome set(XmppSession session, Element iq, Element query) {
        Jid user = session.jid().bare();
        RosterSet parsed = parser.parse(query, user);
        if (parsed instanceof RosterSet.Rejected r) {
            Element err = Stanzas.error(iq, r.error().condition().type(), r.error().condition().elementName(), r.error().text());
            return new SetOutcome(err, null);
        }
        String owner = user.local();
        if (parsed instanceof RosterSet.Update u) {
            String encoded = RosterRow.encodeGroups(u.groups());
            if (encoded != null && encoded.length() > MAX_ENCODED_GROUPS) {
                return new SetOutcome(Stanzas.error(iq, Stanzas.MODIFY, "not-acceptable", "too many groups"), null);
            }
            String refusal = cache.modify(owner, state -> {
                RosterItem existing = state.item(u.jid());
                if ((existing == null || existing.hidden()) && state.visibleCount() >= maxItems) {
                    return "the roster is full (" + maxItems + " items)";
                }
                pushAfterCommit(state, state.store(u.jid(), u.applyTo(existing)));
                return null;
            });
            // a roster size limit is local policy; RFC 6121 §2.3.3 names no condition for it, RFC 6120 §8.3.3.10
            // not-allowed ("does not allow any entity to perform the action") with type cancel tells the client not to retry
            if (refusal != null) return new SetOutcome(Stanzas.error(iq, Stanzas.CANCEL, "not-allowed", refusal), null);
            return new SetOutcome(Stanzas.result(iq), null);
        }
        RosterSet.Remove rm = (RosterSet.Remove) parsed;
        RosterItem removed = cache.modify(owner, state -> {
            RosterItem existing = state.item(rm.jid());
            if (existing == null || existing.hidden()) return null;
            pushAfterCommit(state, state.store(rm.jid(), null));
            return existing;
        });
        if (removed == null) {
            if (shared.of(owner).containsKey(rm.jid())) {
                // the organisation put the contact there: only an administrator can take it out
                return new SetOutcome(Stanzas.error(iq, Stanzas.CANCEL, "not-allowed", "the contact is in a shared group"), null);
            }
            return new SetOutcome(Stanzas.error(iq, Stanzas.CANCEL, "item-not-found"), null); // §2.5.3
        }
        return new SetOutcome(Stanzas.result(iq), removed);
    }

    /** Encoded groups of one item are kept in one column of this many characters. */
    public static final int MAX_ENCODED_GROUPS = 16384;

    // ------------------------------------------------------------------ pushes

    /** Registers a push of that change to the owner's interested resources once it is committed. */
    public void pushAfterCommit(RosterState state, RosterState.Push push) {
        if (push == null) return;
        String owner = state.owner();
        state.afterCommit(() -> push(owner, withShared(state, push)));
    }

    /** A push of a personal change as the client sees it: merged with the contact's shared item, tagged version. */
    private RosterState.Push withShared(RosterState state, RosterState.Push push) {
        SharedContacts sh = shared;
        String tag = sh.tag(state.owner());
        if (tag == null) return push;
        Jid jid = Jid.parseOrNull(push.item().attr("jid"));
        RosterItem s = jid == null ? null : sh.of(state.owner()).get(jid);
        Element item = push.item();
        if (s != null) {
            RosterItem merged = SharedContacts.merge(state.item(jid), s);
            item = merged.toElement();
        }
        return new RosterState.Push(item, withTag(push.ver(), tag));
    }

    private static String withTag(String ver, String tag) { return tag == null || ver == null ? ver : ver + "-" + tag; }

    /**
     * Pushes to the owner's interested resources what changed in its shared contacts between two snapshots, under the
     * owner's roster lock so the versions stay in order. Every push but the last carries a version no roster will ever
     * have again ({@code ~n}): a client that misses the end of the series gets the full roster next time.
     * Returns the changed contacts (their new merged item, or null when they left the roster) for presence handling.
     */
    public Map<Jid, RosterItem> pushShared(String owner, SharedContacts before, SharedContacts after) {
        Map<Jid, RosterItem> changes = SharedContacts.diff(before.of(owner), after.of(owner));
        if (changes.isEmpty()) return changes;
        return cache.read(owner, state -> {
            String ver = withTag(state.ver(), after.tag(owner));
            Map<Jid, RosterItem> result = new java.util.LinkedHashMap<>();
            int n = 0;
            for (Map.Entry<Jid, RosterItem> e : changes.entrySet()) {
                RosterItem merged = SharedContacts.merge(state.item(e.getKey()), e.getValue());
                if (merged != null && merged.hidden()) merged = null;
                result.put(e.getKey(), merged);
                Element el = merged == null ? RosterItem.removalElement(e.getKey()) : merged.toElement();
                push(owner, new RosterState.Push(el, ++n == changes.size() ? ver : ver + "~" + n));
            }
            return result;
        });
    }

    /**
     * Sends a roster push (§2.1.6) to every interested resource of the owner. No 'from': the push comes from the
     * user's own account, which clients accept only without 'from' or with the bare JID.
     */
    public void push(String owner, RosterState.Push push) {
        for (XmppSession s : sessions.apply(Jid.of(owner, domain, null))) {
            if (s.isOpen() && ClientState.of(s).interested()) s.sendRaw(pushXml(s.jid(), push.item(), push.ver()));
        }
    }

    private static String pushXml(Jid to, Element item, String ver) {
        Element iq = new Element("iq", Ns.CLIENT).attr("type", "set").attr("id", "push" + PUSH_IDS.incrementAndGet());
        if (to != null) iq.attr("to", to.toString());
        Element q = iq.addChild("query", Ns.ROSTER);
        if (ver != null) q.attr("ver", ver);
        q.add(item);
        return iq.toXml();
    }

    // ------------------------------------------------------------------ administration

    /** An administrative item: name, groups and a subscription state set directly (no subscription protocol). */
    public record AdminItem(Jid jid, String name, Collection<String> groups, SubscriptionState state) { }

    /** Sets one item, replacing its name, groups and subscription. Throws {@link RosterFullException}. */
    public RosterItem adminSet(String owner, AdminItem item) {
        return cache.modify(owner, state -> apply(state, item));
    }

    /** Removes one item without any subscription side effect; false if it was not in the roster. */
    public boolean adminRemove(String owner, Jid contact) {
        return cache.modify(owner, state -> {
            RosterItem existing = state.item(contact);
            if (existing == null || existing.hidden()) return false;
            pushAfterCommit(state, state.store(contact, null));
            return true;
        });
    }

    /** Replaces the whole roster with these items (hidden records of pending requests are kept). */
    public void adminReplace(String owner, List<AdminItem> items) {
        if (items.size() > maxItems) throw new RosterFullException("more than " + maxItems + " items");
        cache.modify(owner, state -> {
            java.util.Set<Jid> keep = new java.util.HashSet<>();
            for (AdminItem i : items) keep.add(i.jid());
            for (RosterItem existing : state.visibleItems()) {
                if (!keep.contains(existing.jid())) pushAfterCommit(state, state.store(existing.jid(), null));
            }
            for (AdminItem i : items) apply(state, i);
            return null;
        });
    }

    /**
     * Sets many items of many owners in one transaction (bulk provisioning; no size limit). Returns how many items
     * changed.
     */
    public int adminBulk(Map<String, List<AdminItem>> byOwner) {
        return cache.modifyAll(byOwner.keySet(), states -> {
            int n = 0;
            for (Map.Entry<String, List<AdminItem>> e : byOwner.entrySet()) {
                RosterState state = states.get(e.getKey());
                for (AdminItem i : e.getValue()) {
                    RosterItem before = state.item(i.jid());
                    if (!Objects.equals(before, applyUnlimited(state, i))) n++;
                }
            }
            return n;
        });
    }

    private RosterItem apply(RosterState state, AdminItem i) {
        RosterItem existing = state.item(i.jid());
        if ((existing == null || existing.hidden()) && state.visibleCount() >= maxItems) {
            throw new RosterFullException("the roster is full (" + maxItems + " items)");
        }
        return applyUnlimited(state, i);
    }

    private RosterItem applyUnlimited(RosterState state, AdminItem i) {
        RosterItem after = new RosterItem(i.jid(), i.name(), i.groups() == null ? List.of() : new ArrayList<>(i.groups()), i.state(), false);
        pushAfterCommit(state, state.store(i.jid(), after));
        return after;
    }
}
