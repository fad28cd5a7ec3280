package dev.parley.im.presence;

import dev.parley.im.roster.PresenceType;
import dev.parley.im.roster.RosterItem;
import dev.parley.im.roster.RosterManager;
import dev.parley.im.roster.SubscriptionAction;
import dev.parley.im.roster.SubscriptionPolicy;
import dev.parley.im.roster.SubscriptionTable;
import dev.parley.im.roster.Transition;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Presence of RFC 6121 §4 and subscriptions of §3 for local users, as plain Java.
 *
 * <ul>
 *   <li>Broadcasts (initial, subsequent and unavailable presence, §4.2, §4.4, §4.5) go to the contacts with a
 *       subscription 'from' or 'both' and to the user's own resources as ONE {@link FanOut} (a JMS message: every node
 *       delivers to its own sessions).</li>
 *   <li>Probes: contacts are local, so a probe is answered at once from the contacts' sessions, and only if the
 *       prober is subscribed to them (§4.3.2, §11).</li>
 *   <li>Subscription stanzas run through {@link SubscriptionTable}: outbound on the sender's roster, then inbound on
 *       the contact's roster (this server is the contact's server too).</li>
 *   <li>Directed presence to entities the roster does not cover is remembered and revoked on unavailability (§4.6).</li>
 * </ul>
 * No presence ever reaches an entity that is neither subscribed nor a directed-presence recipient (§11).
 */
public final class PresenceEngine {

    private final PresenceEnv env;
    private final RosterManager rosters;
    private final String domain;

    public PresenceEngine(PresenceEnv env, RosterManager rosters) {
        this.env = Objects.requireNonNull(env, "env");
        this.rosters = Objects.requireNonNull(rosters, "rosters");
        this.domain = rosters.domain();
    }

    // ------------------------------------------------------------------ from clients

    /** A presence stanza from a bound session, 'from' stamped with its full JID; {@code to} parsed or null. */
    public void handle(XmppSession s, Element p, Jid to) {
        String type = p.attr("type");
        Jid user = s.jid().bare();
        if (type == null || "unavailable".equals(type)) {
            boolean available = type == null;
            // presence to the user's own bare JID is the same as presence without 'to' (RFC 6120 §10.5.3.1 processes
            // it on the account's behalf)
            if (to == null || to.equals(user)) {
                if (available) available(s, p); else unavailable(s, p);
            } else {
                directed(s, p, to, available);
            }
            return;
        }
        PresenceType sub = PresenceType.fromValue(type);
        if (sub != null) {
            if (to == null) {
                s.send(Stanzas.error(p, Stanzas.MODIFY, "bad-request", "a subscription stanza needs a 'to' address"));
                return;
            }
            outbound(s, p, to, sub);
            return;
        }
        switch (type) {
            case "probe" -> {
                if (to == null) s.send(Stanzas.error(p, Stanzas.MODIFY, "bad-request", "a probe needs a 'to' address"));
                else probe(s, to);
            }
            case "error" -> { if (to != null) deliverError(user, p, to); } // never answered with an error
            default -> s.send(Stanzas.error(p, Stanzas.MODIFY, "bad-request", "unknown presence type"));
        }
    }

    /** §4.2 initial presence and §4.4 subsequent presence. */
    private void available(XmppSession s, Element p) {
        ClientState cs = ClientState.of(s);
        boolean initial = !cs.available();
        int before = cs.priority();
        cs.presence(p); // records the priority (§4.7.2.3)
        Jid user = s.jid().bare();
        broadcast(user, cs.presenceXml()); // §4.2.2 / §4.4.2: from/both contacts and every available resource of the user
        if (!initial) {
            // XEP-0160 §2: stored messages go to a resource once its priority is non-negative, also when a
            // subsequent presence raises it; ordinary presence changes never touch the offline store
            if (before < 0 && cs.priority() >= 0) env.deliverOffline(s);
            return;
        }
        probeContacts(s, user);            // §4.2.2: the presence of the contacts the user is subscribed to
        for (XmppSession other : env.sessions(user)) { // the user's other available resources
            if (other != s && other.isOpen()) {
                String xml = ClientState.of(other).presenceXml();
                if (xml != null) s.sendRaw(xml);
            }
        }
        // §3.1.3: requests that arrived while the user was unavailable (or are still unanswered) are delivered again
        Map<Jid, String> pending = rosters.cache().read(user.local(), st -> Map.copyOf(st.pendingRequests()));
        for (Map.Entry<Jid, String> e : pending.entrySet()) {
            if (!blocked(user, e.getKey().bare())) s.sendRaw(e.getValue());
        }
        env.deliverOffline(s);
    }

    /** §4.5 unavailable presence broadcast. */
    private void unavailable(XmppSession s, Element p) {
        ClientState cs = ClientState.of(s);
        boolean was = cs.available();
        cs.presence(null);
        if (was) {
            String xml = p.toXml();
            broadcast(s.jid().bare(), xml);
            s.sendRaw(xml); // §4.5.2: also to the resource that sent it, which is no longer available
        }
        revokeDirected(s, cs); // §4.6.3
    }

    /** §4.6 directed presence (available or unavailable) to one entity. */
    private void directed(XmppSession s, Element p, Jid to, boolean available) {
        Jid user = s.jid().bare();
        if (!localUser(to)) return; // no server-to-server: presence for other domains is not routed
        Jid target = to.bare();
        if (!target.equals(user) && blocked(user, target)) return;
        deliver(to, p.toXml());
        if (target.equals(user)) return;
        ClientState cs = ClientState.of(s);
        RosterItem item = rosters.visibleItem(user.local(), target);
        boolean covered = item != null && item.state().contactSeesMyPresence(); // the broadcast reaches it anyway
        if (available && !covered) cs.directedTo.add(to);
        else if (!available) cs.directedTo.remove(to);
    }

    /** §4.3 a probe sent by a client: answered only if the prober is subscribed (§4.3.2). */
    private void probe(XmppSession s, Jid to) {
        Jid user = s.jid().bare();
        if (!localUser(to)) return;
        Jid target = to.bare();
        // §4.3.2 would answer a non-subscriber with 'unsubscribed'; here both rosters are on this server and always
        // agree, and such a reply would cancel a request the prober has pending: no answer at all is the safe choice.
        if (!target.equals(user) && !maySee(user, target)) return;
        if (to.isBare()) {
            for (XmppSession t : env.sessions(target)) sendPresenceOf(t, s);
        } else {
            XmppSession t = env.session(to);
            if (t != null) sendPresenceOf(t, s);
        }
    }

    private void deliverError(Jid user, Element p, Jid to) {
        if (!localUser(to) || blocked(user, to.bare())) return;
        if (to.isBare()) {
            for (XmppSession t : env.sessions(to)) if (t.isOpen()) t.sendRaw(p.toXml());
        } else {
            XmppSession t = env.session(to);
            if (t != null && t.isOpen()) t.sendRaw(p.toXml());
        }
    }

    // ------------------------------------------------------------------ session end, account removal

    /** The session ended without (or after) unavailable presence: §4.5.2 and RFC 6120 §4.4. */
    public void sessionEnded(XmppSession s) {
        Jid full = s.jid();
        if (full == null) return;
        goOffline(s);
        if (env.sessions(full.bare()).isEmpty()) rosters.cache().evict(full.local());
    }

    /** The account was deleted: its available resources go unavailable for its contacts now, while its roster is known. */
    public void accountDeleted(Jid user) {
        for (XmppSession s : env.sessions(user.bare())) goOffline(s);
        rosters.cache().evict(user.local());
    }

    private void goOffline(XmppSession s) {
        ClientState cs = ClientState.of(s);
        if (cs.available()) {
            cs.presence(null);
            broadcast(s.jid().bare(), unavailableXml(s.jid(), null));
        }
        revokeDirected(s, cs);
    }

    // ------------------------------------------------------------------ for other services

    /** Current presence of every available resource of {@code user} (or of that resource) to {@code contact}. */
    public void sendCurrentPresence(Jid user, Jid contact) {
        for (XmppSession s : resourcesOf(user)) {
            String xml = ClientState.of(s).presenceXml();
            if (xml != null) deliver(contact, xml);
        }
    }

    /** Unavailable presence from every available resource of {@code user} (or from that resource) to {@code contact}. */
    public void sendUnavailable(Jid user, Jid contact) {
        for (XmppSession s : resourcesOf(user)) {
            if (ClientState.of(s).available()) deliver(contact, unavailableXml(s.jid(), contact));
        }
    }

    /**
     * A shared group changed what {@code viewer} sees: {@code contact}'s available resources now send it their presence,
     * or it gets their unavailable presence. Nothing flows between accounts that block each other.
     */
    public void visibilityChanged(Jid viewer, Jid contact, boolean sees) {
        if (blocked(viewer.bare(), contact.bare())) return;
        if (sees) sendCurrentPresence(contact, viewer.bare()); else sendUnavailable(contact, viewer.bare());
    }

    private List<XmppSession> resourcesOf(Jid user) {
        if (!user.isBare()) {
            XmppSession s = env.session(user);
            return s == null ? List.of() : List.of(s);
        }
        return env.sessions(user);
    }

    // ------------------------------------------------------------------ subscriptions (§3)

    /** A subscription stanza from the user to {@code to}. */
    private void outbound(XmppSession s, Element p, Jid to, PresenceType type) {
        Jid user = s.jid().bare();
        Jid contact = to.bare(); // §3.1.2: subscriptions are between bare JIDs
        SubscriptionPolicy policy = env.subscriptionPolicy();
        if (!contact.domain().equals(domain)) {
            if (type == PresenceType.SUBSCRIBE) {
                s.send(policy == SubscriptionPolicy.ORGANISATION_ONLY
                        ? Stanzas.error(p, Stanzas.CANCEL, "not-allowed", "subscriptions are limited to " + domain)
                        // no server-to-server connections: a request cannot reach the contact's server (RFC 6120 §8.3.3.15)
                        : Stanzas.error(p, Stanzas.CANCEL, "remote-server-not-found"));
            }
            return;
        }
        RosterItem sharedItem = rosters.sharedItem(user.local(), contact);
        if (sharedItem != null && sharedCovers(sharedItem, type)) {
            // a shared group already gives this direction: nothing for the contact to approve, nothing to cancel
            if (type == PresenceType.SUBSCRIBE) {
                deliverToSessions(user, subscriptionStanza(contact, user, PresenceType.SUBSCRIBED).toXml(), false);
            }
            return;
        }
        // §3.1.2, RFC 6120 §8.1.2.1: the server stamps the user's bare JID as 'from' (and the contact's bare JID as 'to')
        Element stamped = p.copy().attr("from", user.toString()).attr("to", contact.toString());
        if (type == PresenceType.SUBSCRIBE && policy == SubscriptionPolicy.AUTO_APPROVE && localUser(contact)
                && !contact.equals(user) && env.accountExists(contact.local()) && !blocked(user, contact)) {
            // the organisation approves on the contact's behalf: a pre-approval (§3.4) by the contact, then the
            // request runs through the tables as usual and is answered 'subscribed' at once
            apply(contact, user, PresenceType.SUBSCRIBED, true, subscriptionStanza(contact, user, PresenceType.SUBSCRIBED), null);
        }
        apply(user, contact, type, true, stamped, s);
    }

    /**
     * §2.5.2: the user removed {@code removed} from the roster. The contact's subscriptions end: 'unsubscribe' if
     * the user was subscribed to the contact (or had asked), 'unsubscribed' if the contact was subscribed to the user
     * (after unavailable presence, §3.2.2) or had asked (a denial).
     */
    public void rosterItemRemoved(Jid user, RosterItem removed) {
        Jid contact = removed.jid().bare();
        if (!localUser(contact) || contact.equals(user.bare()) || !env.accountExists(contact.local())) return;
        Jid u = user.bare();
        var state = removed.state();
        if (state.iSeeContactPresence() || state.pendingOut()) {
            apply(contact, u, PresenceType.UNSUBSCRIBE, false, subscriptionStanza(u, contact, PresenceType.UNSUBSCRIBE), null);
        }
        if (state.contactSeesMyPresence() || state.pendingIn()) {
            if (state.contactSeesMyPresence()) sendUnavailable(u, contact);
            apply(contact, u, PresenceType.UNSUBSCRIBED, false, subscriptionStanza(u, contact, PresenceType.UNSUBSCRIBED), null);
        }
    }

    /**
     * Applies one table cell on {@code owner}'s roster for the stanza exchanged with {@code other}, then carries out
     * its actions in {@link SubscriptionAction} order. Roster pushes leave when the change is committed (under the
     * roster's lock, in version order); everything else runs after the lock is released, so that routing to the
     * contact, which takes the contact's lock, never nests two locks.
     *
     * @param outbound true when {@code owner} sent the stanza (A.2), false when it arrives for {@code owner} (A.3)
     * @param stanza   the stanza as stamped (from the sender's bare JID to the receiver's bare JID)
     * @param origin   the sending session for outbound stanzas (for errors), else null
     */
    private void apply(Jid owner, Jid other, PresenceType type, boolean outbound, Element stanza, XmppSession origin) {
        int limit = rosters.maxItems();
        Transition t = rosters.cache().modify(owner.local(), state -> {
            RosterItem item = state.item(other);
            SubscriptionTable.ItemUpdate u = outbound ? SubscriptionTable.applyOutbound(item, other, type)
                    : SubscriptionTable.applyInbound(item, other, type);
            Transition tr = u.transition();
            if (tr.ignored()) return tr;
            RosterItem after = u.after();
            boolean newRecord = item == null || (item.hidden() && after != null && !after.hidden());
            if (newRecord && after != null) {
                if (!after.hidden() && state.visibleCount() >= limit) {
                    if (origin != null) origin.send(Stanzas.error(stanza.copy().attr("from", origin.jid().toString()),
                            Stanzas.CANCEL, "not-allowed", "the roster is full (" + limit + " items)"));
                    return null;
                }
                if (after.hidden() && state.hiddenCount() >= limit) return null; // too many unanswered requests: dropped
            }
            rosters.pushAfterCommit(state, state.store(other, after));
            if (tr.has(SubscriptionAction.DELIVER_TO_USER)) state.pending(other, keepable(stanza)); // kept for redelivery
            return tr;
        });
        if (t == null || t.ignored()) return;
        for (SubscriptionAction a : t.actions()) {
            switch (a) {
                case SEND_UNAVAILABLE_PRESENCE -> sendUnavailable(owner, other);
                case ROUTE -> {
                    // the contact's server is this one: the stanza arrives for the contact (A.3). A contact without an
                    // account gets nothing, and the sender sees exactly what it would for an offline contact.
                    if (localUser(other) && env.accountExists(other.local())) apply(other, owner, type, false, stanza, null);
                }
                case AUTO_REPLY_SUBSCRIBED -> // §3.1.3 rule 2: answered on the owner's behalf; it arrives for the requester
                        apply(other, owner, PresenceType.SUBSCRIBED, false, subscriptionStanza(owner, other, PresenceType.SUBSCRIBED), null);
                case DELIVER_TO_USER -> { // §3.1.3: to every available resource; if none, it waits (kept above)
                    if (!blocked(owner, other)) deliverToSessions(owner, stanza.toXml(), true);
                }
                case DELIVER_TO_INTERESTED -> deliverToSessions(owner, stanza.toXml(), false); // §3.1.6, §3.2.3, §3.3.3
                case SEND_AVAILABLE_PRESENCE -> { // §3.1.5: the contact may now see the owner's presence
                    if (!blocked(owner, other)) sendCurrentPresence(owner, other);
                }
                default -> { } // state-only actions, and ROSTER_PUSH, which went out with the commit
            }
        }
    }

    /** Whether the shared groups already decide what this subscription stanza would change. */
    private static boolean sharedCovers(RosterItem shared, PresenceType type) {
        return switch (type) {
            case SUBSCRIBE, UNSUBSCRIBE -> shared.state().iSeeContactPresence();
            case SUBSCRIBED, UNSUBSCRIBED -> shared.state().contactSeesMyPresence();
        };
    }

    /** The request as kept for redelivery: complete (§3.1.3), or without its extensions if it is very large. */
    static String keepable(Element stanza) {
        String xml = stanza.toXml();
        if (xml.length() <= dev.parley.im.roster.RosterRecord.MAX_PENDING) return xml;
        Element small = new Element(stanza.name(), stanza.namespace());
        stanza.attributes().forEach(small::attr);
        String status = stanza.childText("status", stanza.namespace());
        if (status != null) small.addChild("status", stanza.namespace()).text(status.length() > 1024 ? status.substring(0, 1024) : status);
        return small.toXml();
    }

    private static Element subscriptionStanza(Jid from, Jid to, PresenceType type) {
        return new Element("presence", Ns.CLIENT).attr("from", from.toString()).attr("to", to.toString()).attr("type", type.value());
    }

    /** To the owner's available resources, or to the interested ones (those that asked for the roster, §2.1.6). */
    private void deliverToSessions(Jid owner, String xml, boolean available) {
        for (XmppSession t : env.sessions(owner.bare())) {
            if (!t.isOpen()) continue;
            ClientState cs = ClientState.of(t);
            if (available ? cs.available() : cs.interested()) t.sendRaw(xml);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** One fan-out for a broadcast: contacts with 'from' or 'both' (not blocked either way) and the user. */
    List<Jid> broadcastRecipients(Jid user) {
        Set<Jid> recipients = new LinkedHashSet<>();
        recipients.add(user);
        for (RosterItem i : rosters.items(user.local()).values()) {
            if (i.hidden() || !i.state().contactSeesMyPresence()) continue;
            Jid c = i.jid().bare();
            if (!localUser(c) || blocked(user, c)) continue; // no server-to-server
            recipients.add(c);
        }
        return new ArrayList<>(recipients);
    }

    private void broadcast(Jid user, String xml) {
        env.fanOut(new FanOut(user, xml, broadcastRecipients(user), true));
    }

    /**
     * Delivers a fan-out to this node's sessions (the JMS listener calls this on every node). A recipient gets it only
     * if it is the sender's own account or its roster shows a subscription to the sender ('to' or 'both'): a second
     * guard against presence leaks (§11), e.g. to a new account that reuses a deleted user's name.
     */
    public int deliver(FanOut f) {
        return f.deliver(env::sessions, (recipient, sender) -> recipient.equals(sender) || subscribedTo(recipient, sender));
    }

    private boolean subscribedTo(Jid recipient, Jid sender) {
        RosterItem item = rosters.visibleItem(recipient.local(), sender);
        return item != null && item.state().iSeeContactPresence();
    }

    /** §4.2.2 probes: for each contact the user is subscribed to, the latest presence of each available resource. */
    private void probeContacts(XmppSession s, Jid user) {
        for (RosterItem i : rosters.items(user.local()).values()) {
            if (i.hidden() || !i.state().iSeeContactPresence()) continue;
            Jid c = i.jid().bare();
            if (!localUser(c) || c.equals(user)) continue;
            List<XmppSession> theirs = env.sessions(c);
            if (theirs.isEmpty() || !maySee(user, c)) continue; // §4.3.2: the contact's roster decides
            for (XmppSession t : theirs) sendPresenceOf(t, s);
        }
    }

    /**
     * Whether {@code viewer} may see {@code target}'s presence: {@code target}'s roster gives {@code viewer} a
     * subscription 'from' or 'both' (§4.3.2), and neither blocks the other.
     */
    public boolean maySee(Jid viewer, Jid target) {
        if (!localUser(target)) return false;
        RosterItem back = rosters.visibleItem(target.local(), viewer.bare());
        return back != null && back.state().contactSeesMyPresence() && !blocked(viewer.bare(), target.bare());
    }

    private static void sendPresenceOf(XmppSession from, XmppSession to) {
        String xml = ClientState.of(from).presenceXml();
        if (xml != null && from.isOpen()) to.sendRaw(xml);
    }

    private void revokeDirected(XmppSession s, ClientState cs) {
        if (cs.directedTo.isEmpty()) return;
        for (Jid d : List.copyOf(cs.directedTo)) deliver(d, unavailableXml(s.jid(), d));
        cs.directedTo.clear();
    }

    /** Presence to a local JID: a full JID reaches that session, a bare JID every available resource. */
    private void deliver(Jid to, String xml) {
        if (!to.isBare()) {
            XmppSession t = env.session(to);
            if (t != null && t.isOpen()) t.sendRaw(xml);
            return;
        }
        for (XmppSession t : env.sessions(to)) {
            if (t.isOpen() && ClientState.of(t).available()) t.sendRaw(xml);
        }
    }

    private static String unavailableXml(Jid from, Jid to) {
        Element u = new Element("presence", Ns.CLIENT).attr("from", from.toString());
        if (to != null) u.attr("to", to.toString());
        return u.attr("type", "unavailable").toXml();
    }

    private boolean localUser(Jid j) { return j.local() != null && j.domain().equals(domain); }

    private boolean blocked(Jid a, Jid b) { return env.isBlocked(a, b) || env.isBlocked(b, a); }
}
