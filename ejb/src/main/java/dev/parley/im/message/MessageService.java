package dev.parley.im.message;

import dev.parley.im.blocking.BlockingService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.integration.EventPublisher;
import dev.parley.im.message.MessageRules.Decision;
import dev.parley.im.message.MessageRules.Deliver;
import dev.parley.im.message.MessageRules.Reject;
import dev.parley.im.message.MessageRules.Resource;
import dev.parley.im.message.MessageRules.Store;
import dev.parley.im.route.LocalDelivery;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Message routing for the sessions of this server (RFC 6120 §10, RFC 6121 §8.5), offline storage
 * (XEP-0160, XEP-0203), carbons (XEP-0280) and blocking (XEP-0191) on the message path.
 *
 * <p>No transaction here: a message between online users is decided in memory ({@link MessageRules})
 * and written once to each receiving session. Only a chat or normal message that no resource can take
 * goes to {@link OfflineStore}, whose transaction is the one that accepts it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MessageService {
    private static final Logger LOG = Logger.getLogger(MessageService.class.getName());

    @Inject ServerSettings settings;
    @Inject LocalDelivery delivery;
    @Inject BlockingService blocking;
    @EJB OfflineStore offline;
    @Inject EventPublisher events;

    /** A message from a bound session; 'from' stamped, 'to' parsed (null: addressed to the sender's own account). */
    public void route(XmppSession session, Element message, Jid to) {
        Jid from = session.jid();
        MessageType type = MessageType.of(message.attr("type"));
        if (to == null) {
            // RFC 6120 §10.3.1: no 'to' means the sender's bare JID
            to = from.bare();
            message = message.shallowCopy().attr("to", to.toString());
        }
        // XEP-0191 §5.3: nothing goes out to a blocked entity, nothing comes in from one
        BlockingService.Verdict verdict = blocking.check(from, to);
        if (verdict != BlockingService.Verdict.NONE) {
            if (type != MessageType.ERROR) session.send(BlockingService.refusal(message, verdict));
            return;
        }
        if (!to.domain().equals(settings.domain())) {
            // RFC 6120 §10.4: remote domains would need server-to-server streams, which this server has not
            if (type != MessageType.ERROR) session.send(Stanzas.error(message, Stanzas.CANCEL, "remote-server-not-found"));
            return;
        }
        if (to.local() == null) {
            // RFC 6120 §10.5.1, §10.5.2: the server itself (or a resource of it) handles no messages
            if (type != MessageType.ERROR) session.send(Stanzas.error(message, Stanzas.CANCEL, MessageRules.SERVICE_UNAVAILABLE));
            return;
        }
        toLocalUser(session, message, type, to);
    }

    private void toLocalUser(XmppSession sender, Element message, MessageType type, Jid to) {
        Jid from = sender.jid();
        boolean copy = Carbons.eligible(message);
        Forwarded forwarded = copy ? new Forwarded(message) : null;
        if (copy) sentCarbons(sender, from, message.attr("type"), forwarded);

        List<XmppSession> sessions = delivery.sessions(to.bare());
        List<Resource<XmppSession>> resources = resources(sessions);
        XmppSession exact = to.isBare() ? null : delivery.session(to);
        Decision<XmppSession> d = MessageRules.decide(type, !to.isBare(), exact, resources);
        if (d instanceof Deliver<XmppSession> deliver) {
            // relayed as received, 'from' stamped (RFC 6120 §8.1.2.1); serialized once for all resources
            String xml = Carbons.withoutPrivate(message).toXml();
            for (XmppSession s : deliver.sessions()) s.sendRaw(xml);
            if (copy) receivedCarbons(to.bare(), sessions, deliver.sessions(), message.attr("type"), forwarded);
            events.messageAccepted(message, xml);
        } else if (d instanceof Store<XmppSession>) {
            storeOffline(sender, message, to);
        } else if (d instanceof Reject<XmppSession> reject) {
            sender.send(Stanzas.error(message, Stanzas.CANCEL, reject.condition()));
        }
        // Drop: silently ignored, as the decision table says
    }

    /**
     * RFC 6121 §8.5.2.2.1 (a) and XEP-0160: store, in the transaction that accepts the message; when it
     * cannot be stored (not worth it, the account's store is full, or there is no such account) the
     * sender gets one and the same {@code service-unavailable} error (§8.5.1, XEP-0160 §2), so the
     * answer does not tell whether the account exists.
     */
    private void storeOffline(XmppSession sender, Element message, Jid to) {
        OfflineStore.Result r;
        if (!OfflineRules.worthStoring(message)) {
            r = OfflineStore.Result.FULL;
        } else {
            Instant now = Instant.now();
            String xml = OfflineRules.stamped(message, settings.domain(), now).toXml();
            try {
                r = offline.store(to.local(), xml, now, settings.maxOfflineMessages());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not store an offline message for " + to.bare(), e);
                sender.send(Stanzas.error(message, Stanzas.WAIT, "internal-server-error"));
                return;
            }
        }
        if (r != OfflineStore.Result.STORED) {
            sender.send(Stanzas.error(message, Stanzas.CANCEL, MessageRules.SERVICE_UNAVAILABLE));
            return;
        }
        events.messageAccepted(message, null);
        // The recipient may have become available while this was being stored, after its own hand-over
        // read the store: give the message to it now rather than at its next login.
        List<XmppSession> best = MessageRules.highestPriority(resources(delivery.sessions(to.bare())));
        if (!best.isEmpty()) deliverOffline(best.get(0));
    }

    /** What became of a message from a server-side source. */
    public enum Outcome { DELIVERED, STORED, DROPPED, REFUSED }

    /**
     * The outcome of {@link #deliverService}: for DELIVERED, how many resources got the message; for REFUSED,
     * the stanza error condition and why (the reason is for administrators only: it tells a missing account
     * from a full store, which the condition deliberately does not).
     */
    public record ServiceResult(Outcome outcome, int resources, String condition, String reason) {
        static ServiceResult refused(String condition, String reason) { return new ServiceResult(Outcome.REFUSED, 0, condition, reason); }
    }

    /**
     * A message from a server-side source (the JMS inbound queue), already validated: addressed to a
     * local account, 'from' set. Routed by the same rules as a client's message (RFC 6121 §8.5), stored
     * offline when no resource can take it. Returns null when accepted (delivered, stored, or dropped as
     * the rules say for its type), else the stanza error condition, the same for a missing account as
     * for a full store.
     */
    public String deliverFromService(Element message) {
        return deliverService(message).condition();
    }

    /**
     * {@link #deliverFromService} with the details (the admin REST API reports them). A failure of the
     * server itself (the database) is thrown.
     */
    public ServiceResult deliverService(Element message) {
        Jid to = Jid.parseOrNull(message.attr("to"));
        Jid from = Jid.parseOrNull(message.attr("from"));
        if (to == null || from == null || to.local() == null || !to.domain().equals(settings.domain())) {
            return ServiceResult.refused("item-not-found", "not a local account");
        }
        if (blocking.isBlocked(to.bare(), from)) return ServiceResult.refused(MessageRules.SERVICE_UNAVAILABLE, "the recipient blocks the sender"); // XEP-0191 §5.3
        MessageType type = MessageType.of(message.attr("type"));
        List<XmppSession> sessions = delivery.sessions(to.bare());
        XmppSession exact = to.isBare() ? null : delivery.session(to);
        Decision<XmppSession> d = MessageRules.decide(type, !to.isBare(), exact, resources(sessions));
        if (d instanceof Deliver<XmppSession> deliver) {
            String xml = message.toXml();
            for (XmppSession s : deliver.sessions()) s.sendRaw(xml);
            events.messageAccepted(message, xml);
            return new ServiceResult(Outcome.DELIVERED, deliver.sessions().size(), null, null);
        }
        if (d instanceof Reject<XmppSession> reject) {
            return ServiceResult.refused(reject.condition(), to.isBare() ? "not delivered to a bare JID: " + type.name().toLowerCase(Locale.ROOT) : "the resource is not connected");
        }
        // RFC 6121 §8.5.2.2.1: e.g. a headline without an available resource is silently ignored
        if (!(d instanceof Store<XmppSession>)) return new ServiceResult(Outcome.DROPPED, 0, null, "no available resource takes a " + type.name().toLowerCase(Locale.ROOT) + " message");
        if (!OfflineRules.worthStoring(message)) return ServiceResult.refused(MessageRules.SERVICE_UNAVAILABLE, "not worth storing offline");
        Instant now = Instant.now();
        OfflineStore.Result r = offline.store(to.local(), OfflineRules.stamped(message, settings.domain(), now).toXml(), now,
                settings.maxOfflineMessages());
        if (r == OfflineStore.Result.NO_SUCH_ACCOUNT) return ServiceResult.refused(MessageRules.SERVICE_UNAVAILABLE, "no such account");
        if (r != OfflineStore.Result.STORED) return ServiceResult.refused(MessageRules.SERVICE_UNAVAILABLE, "the offline store is full");
        events.messageAccepted(message, null);
        List<XmppSession> best = MessageRules.highestPriority(resources(delivery.sessions(to.bare())));
        if (!best.isEmpty()) deliverOffline(best.get(0));
        return new ServiceResult(Outcome.STORED, 0, null, null);
    }

    /**
     * Delivers and removes stored offline messages, in order, once the session has sent available
     * presence with a non-negative priority (XEP-0160 §2 step 5). Called by presence handling after
     * initial presence, and whenever a resource's priority becomes non-negative.
     */
    public void deliverOffline(XmppSession session) {
        ClientState c = ClientState.of(session);
        if (!c.available() || c.priority() < 0) return;
        try {
            // a message stored after this check finds the session available and hands itself over (see the store path)
            if (!offline.hasAny(session.jid().local())) return;
            int n = offline.handOver(session.jid().local(), session);
            if (n > 0) LOG.fine(() -> n + " offline messages handed to " + session.jid());
        } catch (RuntimeException e) {
            // nothing was deleted: the messages stay stored for the next attempt
            LOG.log(Level.WARNING, "could not hand offline messages to " + session.jid(), e);
        }
    }

    private static List<Resource<XmppSession>> resources(List<XmppSession> sessions) {
        List<Resource<XmppSession>> out = new ArrayList<>(sessions.size());
        for (XmppSession s : sessions) {
            ClientState c = ClientState.of(s);
            out.add(new Resource<>(s, c.available(), c.priority()));
        }
        return out;
    }

    /** XEP-0280 §8: a copy to each of the sender's other carbons-enabled resources. */
    private void sentCarbons(XmppSession sender, Jid from, String type, Forwarded forwarded) {
        for (XmppSession s : delivery.sessions(from.bare())) {
            if (s == sender || !ClientState.of(s).carbons()) continue;
            s.sendRaw(Carbons.sent(from, s.jid(), type, forwarded.xml()));
        }
    }

    /** XEP-0280 §7: a copy to each carbons-enabled resource of the recipient that did not get the message itself. */
    private void receivedCarbons(Jid user, List<XmppSession> all, List<XmppSession> delivered, String type, Forwarded forwarded) {
        for (XmppSession s : all) {
            if (delivered.contains(s) || !ClientState.of(s).carbons()) continue;
            s.sendRaw(Carbons.received(user, s.jid(), type, forwarded.xml()));
        }
    }

    /** The forwarded copy of a message, serialized only if some resource has carbons enabled. */
    private static final class Forwarded {
        private final Element message;
        private String xml;

        Forwarded(Element message) { this.message = message; }

        String xml() {
            if (xml == null) xml = Carbons.forwardedContent(message);
            return xml;
        }
    }
}
