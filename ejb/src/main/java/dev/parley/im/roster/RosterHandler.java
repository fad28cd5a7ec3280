package dev.parley.im.roster;

import dev.parley.im.presence.PresenceCore;
import dev.parley.im.route.IqHandler;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.xml.Element;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code jabber:iq:roster} (RFC 6121 §2): the user's own roster, addressed to no one or to the user's bare JID. */
@ApplicationScoped
public class RosterHandler implements IqHandler {
    @Inject RosterService rosters;
    @Inject PresenceCore presence;

    @Override public String namespace() { return Ns.ROSTER; }

    /** Roster IQs may carry the user's own bare JID as 'to'; the manager refuses any other account. */
    @Override public boolean servesAccount() { return true; }

    @Override
    public Element handle(XmppSession session, Element iq) {
        RosterManager.SetOutcome out = rosters.manager().handle(session, iq);
        // §2.5.2: the contact's side of the removal is done before the user hears the result, so that anything the user
        // (or the contact, who got its own roster push) does next happens after it. The reply used to go first, and a
        // new request from the contact could then be cancelled by the 'unsubscribed' of the removal still under way.
        if (out.removed() != null) presence.engine().rosterItemRemoved(session.jid().bare(), out.removed());
        return out.reply();
    }
}
