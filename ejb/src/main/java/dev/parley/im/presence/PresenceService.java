package dev.parley.im.presence;

import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * RFC 6121 §3 and §4: presence stanzas from clients (subscriptions, availability, directed presence,
 * probes), presence on session end, and presence sent on behalf of users by other services.
 * The logic is in {@link PresenceEngine}; roster writes own their transactions.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PresenceService {
    @Inject PresenceCore core;

    /** A presence stanza from a bound session; 'from' is stamped, 'to' parsed (null when absent). */
    public void handle(XmppSession session, Element presence, Jid to) { core.engine().handle(session, presence, to); }

    /** The session ended: unavailable to contacts and directed-presence recipients (RFC 6121 §4.5.2, §4.6). */
    public void sessionEnded(XmppSession session, boolean graceful) { core.engine().sessionEnded(session); }

    /** Sends the user's current presence from every available resource to {@code contact} (e.g. after an unblock). */
    public void sendCurrentPresence(Jid user, Jid contact) { core.engine().sendCurrentPresence(user, contact); }

    /** Sends unavailable presence from every available resource of {@code user} to {@code contact} (e.g. after a block). */
    public void sendUnavailable(Jid user, Jid contact) { core.engine().sendUnavailable(user, contact); }
}
