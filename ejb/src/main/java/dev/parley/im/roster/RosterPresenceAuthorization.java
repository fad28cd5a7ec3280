package dev.parley.im.roster;

import dev.parley.im.iq.PresenceAuthorization;
import dev.parley.xmpp.jid.Jid;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The roster's answer to "may this entity see the account's presence": a 'from' or 'both' subscription (RFC 6121 §3). */
@ApplicationScoped
public class RosterPresenceAuthorization implements PresenceAuthorization {
    @Inject RosterService rosters;

    @Override
    public boolean mayReceivePresence(Jid account, Jid requester) {
        if (account.bare().equals(requester.bare())) return true;
        RosterItem item = rosters.manager().visibleItem(account.local(), requester.bare());
        return item != null && item.state().contactSeesMyPresence();
    }
}
