package dev.parley.im.iq;

import dev.parley.im.route.IqHandler;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.xml.Element;
import jakarta.enterprise.context.ApplicationScoped;

/** XEP-0199: the server answers pings addressed to it. */
@ApplicationScoped
public class PingHandler implements IqHandler {
    @Override public String namespace() { return Ns.PING; }

    @Override public Element handle(XmppSession session, Element iq) {
        return "get".equals(iq.attr("type")) ? Stanzas.result(iq) : Stanzas.error(iq, Stanzas.CANCEL, "bad-request");
    }
}
