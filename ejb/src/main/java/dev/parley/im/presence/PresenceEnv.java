package dev.parley.im.presence;

import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;

import java.util.List;

/** What the presence logic needs from its surroundings; the container wires it, tests fake it. */
public interface PresenceEnv {
    /** Bound sessions of a bare JID on this node. */
    List<XmppSession> sessions(Jid bare);

    /** The session bound to a full JID on this node, or null. */
    XmppSession session(Jid full);

    /** Whether a local account exists. */
    boolean accountExists(String username);

    /** Whether {@code user} blocks {@code other} (XEP-0191): no presence flows between them. */
    boolean isBlocked(Jid user, Jid other);

    /** Publishes a broadcast for every node to deliver (JMS topic). */
    void fanOut(FanOut message);

    /** Delivers the session's stored offline messages; called after its initial presence. */
    void deliverOffline(XmppSession session);

    /** The domain's policy for personal subscriptions. */
    default dev.parley.im.roster.SubscriptionPolicy subscriptionPolicy() { return dev.parley.im.roster.SubscriptionPolicy.OPEN; }
}
