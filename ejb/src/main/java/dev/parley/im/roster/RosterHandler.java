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
        if (out.removed() == null) return out.reply();
        session.send(out.reply());
        presence.engine().rosterItemRemoved(session.jid().bare(), out.removed()); // §2.5.2
        return null;
    }
}
