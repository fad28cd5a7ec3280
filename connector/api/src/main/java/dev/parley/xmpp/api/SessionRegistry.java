package dev.parley.xmpp.api;

import dev.parley.xmpp.jid.Jid;
import java.util.Collection;
import java.util.List;

/** The bound sessions of this node. */
public interface SessionRegistry {
    /** Bound sessions of an account (bare JID), empty if none. */
    List<XmppSession> sessions(Jid bareJid);
    /** The session bound to a full JID, or null. */
    XmppSession session(Jid fullJid);
    Collection<XmppSession> all();
    int count();
}
