package dev.parley.im.iq;

import dev.parley.im.route.IqHandler;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.xml.Element;
import jakarta.enterprise.context.ApplicationScoped;

/** XEP-0092 software version of the server. The OS is not disclosed. */
@ApplicationScoped
public class VersionHandler implements IqHandler {
    public static final String NAME = "Parley";
    public static final String VERSION = "0.1.0";

    @Override public String namespace() { return Ns.VERSION; }

    @Override public Element handle(XmppSession session, Element iq) {
        if (!"get".equals(iq.attr("type"))) return Stanzas.error(iq, Stanzas.CANCEL, "not-allowed");
        Element r = Stanzas.result(iq);
        Element q = r.addChild("query", Ns.VERSION);
        q.addChild("name", Ns.VERSION).text(NAME);
        q.addChild("version", Ns.VERSION).text(VERSION);
        return r;
    }
}
