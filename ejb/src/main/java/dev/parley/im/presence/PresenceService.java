package dev.parley.im.presence;

import dev.parley.im.message.MessageService;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * RFC 6121 §3 and §4: presence stanzas from clients (subscriptions, availability, directed presence,
 * probes), presence on session end, and presence sent on behalf of users by other services.
 * STUB: to be completed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PresenceService {
    // TEMPORARY STUB (branch wt-messages), replaced by the real presence implementation at merge:
    // records broadcast availability and priority, and hands over offline messages when a resource
    // becomes available with a non-negative priority, so message routing can be tested meanwhile.
    @EJB MessageService messages;

    /** A presence stanza from a bound session; 'from' is stamped, 'to' parsed (null when absent). */
    public void handle(XmppSession session, Element presence, Jid to) {
        if (to != null) return; // TEMPORARY STUB
        ClientState c = ClientState.of(session);
        String type = presence.attr("type");
        if (type == null) {
            boolean couldReceive = c.available() && c.priority() >= 0;
            c.presence(presence);
            if (!couldReceive) messages.deliverOffline(session);
        } else if ("unavailable".equals(type)) {
            c.presence(null);
        }
    }

    /** The session ended: unavailable to contacts and directed-presence recipients (RFC 6121 §4.5.2, §4.6). */
    public void sessionEnded(XmppSession session, boolean graceful) { }

    /** Sends the user's current presence from every available resource to {@code contact} (e.g. after an unblock). */
    public void sendCurrentPresence(Jid user, Jid contact) { }

    /** Sends unavailable presence from every available resource of {@code user} to {@code contact} (e.g. after a block). */
    public void sendUnavailable(Jid user, Jid contact) { }
}
