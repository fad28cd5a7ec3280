package dev.parley.im.route;

import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.xml.Element;

/**
 * Handles IQs addressed to the server (or to the user's own account, where the namespace says so)
 * for one payload namespace. Implementations are CDI beans; the router finds them by {@link #namespace()}.
 */
public interface IqHandler {
    String namespace();

    /** Whether this handler serves IQs addressed to the sender's own bare JID (roster, vCard, blocking). */
    default boolean servesAccount() { return false; }

    /** The reply (result or error) to send back to the sender, or null when the handler replied itself. */
    Element handle(XmppSession session, Element iq);
}
