package dev.parley.im.message;

import dev.parley.im.route.IqHandler;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.xml.Element;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * XEP-0280 §4 and §5: a resource enables or disables carbons for itself. Repeating either is not an
 * error (§10.1). The copies themselves are made by {@link MessageService}.
 */
@ApplicationScoped
public class CarbonsHandler implements IqHandler {
    @Override public String namespace() { return Ns.CARBONS; }

    @Override
    public Element handle(XmppSession session, Element iq) {
        Element p = iq.elements().get(0);
        if (!"set".equals(iq.attr("type"))) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request");
        switch (p.name()) {
            case "enable" -> ClientState.of(session).carbons(true);
            case "disable" -> ClientState.of(session).carbons(false);
            default -> { return Stanzas.error(iq, Stanzas.MODIFY, "bad-request"); }
        }
        return Stanzas.result(iq);
    }
}
