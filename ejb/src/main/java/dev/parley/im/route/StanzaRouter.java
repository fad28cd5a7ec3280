package dev.parley.im.route;

import dev.parley.im.blocking.BlockingService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.message.MessageService;
import dev.parley.im.presence.PresenceService;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * First stop of every stanza from a bound session: validation and dispatch by kind and address to the
 * stateless session beans. A plain CDI bean called inside the listener MDB (no transaction there), not
 * an EJB itself: every EJB invocation costs the container two service-registry lookups and monitoring
 * probes, and this hop adds no transaction or security boundary worth that on every stanza.
 */
@ApplicationScoped
public class StanzaRouter {
    @Inject ServerSettings settings;
    @Inject LocalDelivery delivery;
    @Inject BlockingService blocking;
    @Inject @Any Instance<IqHandler> handlerBeans;
    // @EJB, not @Inject: through a CDI proxy, each call to a no-interface session bean made Payara look for a
    // java.lang.reflect.Proxy first and throw (and fill the stack trace of) an IllegalArgumentException: one per stanza
    @EJB PresenceService presence;
    @EJB MessageService messages;

    private Map<String, IqHandler> handlers;

    @PostConstruct
    void init() {
        Map<String, IqHandler> m = new HashMap<>();
        for (IqHandler h : handlerBeans) m.put(h.namespace(), h);
        handlers = m;
    }

    public void sessionStarted(XmppSession session) {
        ClientState.of(session);
    }

    public void sessionEnded(XmppSession session, boolean graceful) {
        presence.sessionEnded(session, graceful);
    }

    public void route(XmppSession session, Element stanza) {
        String toAttr = stanza.attr("to");
        Jid to = null;
        if (toAttr != null) {
            to = Jid.parseOrNull(toAttr);
            if (to == null) { // RFC 6120 §8.3.3.8
                if (!Stanzas.isError(stanza)) session.send(Stanzas.error(stanza.attr("to", null), Stanzas.MODIFY, "jid-malformed"));
                return;
            }
        }
        switch (stanza.name()) {
            case "iq" -> routeIq(session, stanza, to);
            case "message" -> routeMessage(session, stanza, to);
            default -> routePresence(session, stanza, to);
        }
    }

    private void routeIq(XmppSession session, Element iq, Jid to) {
        String type = iq.attr("type");
        boolean request = "get".equals(type) || "set".equals(type);
        if (!request && !"result".equals(type) && !"error".equals(type) || iq.attr("id") == null) {
            if (!"error".equals(type)) session.send(Stanzas.error(iq, Stanzas.MODIFY, "bad-request", "an IQ needs an id and a valid type"));
            return;
        }
        if (request && iq.elements().size() != 1) { // RFC 6120 §8.2.3
            session.send(Stanzas.error(iq, Stanzas.MODIFY, "bad-request", "an IQ get or set carries exactly one payload"));
            return;
        }
        boolean toServer = to == null || (to.local() == null && to.resource() == null && to.domain().equals(settings.domain()));
        // an IQ to a local bare JID (the sender's own or another user's) is answered by the server on the
        // account's behalf (RFC 6120 §10.5.3.2, RFC 6121 §8.5.1); handlers decide who may ask what
        boolean toAccount = to != null && to.isBare() && to.local() != null && to.domain().equals(settings.domain());
        // XEP-0191 §5.3: no IQ to a blocked entity (not-acceptable), none from one (service-unavailable);
        // results and errors are dropped
        BlockingService.Verdict blocked = toServer ? BlockingService.Verdict.NONE : blocking.check(session.jid(), to);
        if (blocked != BlockingService.Verdict.NONE) {
            if (request) session.send(BlockingService.refusal(iq, blocked));
            return;
        }
        if (toServer || toAccount) {
            if (!request) return; // results and errors addressed to the server end here
            Element payload = iq.elements().get(0);
            IqHandler h = handlers.get(payload.namespace());
            if (h != null && (toServer || h.servesAccount())) {
                Element reply = h.handle(session, iq);
                if (reply != null) session.send(reply);
            } else {
                session.send(Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable"));
            }
            return;
        }
        if (!to.isBare()) {
            XmppSession target = delivery.session(to);
            if (target != null) { target.send(iq); return; }
        }
        if (request) session.send(Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable"));
    }

    private void routeMessage(XmppSession session, Element message, Jid to) {
        messages.route(session, message, to);
    }

    private void routePresence(XmppSession session, Element p, Jid to) {
        presence.handle(session, p, to);
    }

}
