package dev.parley.im.message;

import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

/**
 * RFC 6121 §5 and RFC 6120 §8.5: message routing to local users, offline storage (XEP-0160),
 * carbons (XEP-0280). STUB: to be completed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MessageService {

    /** A message from a bound session; 'from' stamped, 'to' parsed (null: addressed to the sender's own account). */
    public void route(XmppSession session, Element message, Jid to) { }

    /**
     * A message from a server-side source (the JMS inbound queue): delivered or stored like a client's.
     * Returns null when accepted, else the stanza error condition explaining why not.
     */
    public String deliverFromService(Element message) { return "service-unavailable"; }

    /** Delivers and removes stored offline messages, in order, once the session has sent initial presence. */
    public void deliverOffline(XmppSession session) { }
}
