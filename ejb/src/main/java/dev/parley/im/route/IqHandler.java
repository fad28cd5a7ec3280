package dev.parley.im.route;

import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.xml.Element;

/**
 * Handles IQs addressed to the server (or to the user's own account, where the namespace says so)
 * for one payload namespace. Implementations are CDI beans; the router finds them by {@link #namespace()}.
 */
public interface IqHandler {
    String namespace();

    /**
     * Whether this handler also serves IQs addressed to a local bare JID (the sender's own: roster,
     * blocking; or another user's: vCard, disco). The handler checks who may ask.
     */
    default boolean servesAccount() { return false; }

    /** The reply (result or error) to send back to the sender, or null when the handler replied itself. */
    Element handle(XmppSession session, Element iq);
}
