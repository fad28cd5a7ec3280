package dev.parley.im.blocking;

import dev.parley.im.route.IqHandler;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * XEP-0191 blocklist retrieval (§5.2), block (§5.3), unblock (§5.4) and unblock-all (§5.5), for the
 * sender's own account (no 'to', or the sender's bare JID).
 */
@ApplicationScoped
public class BlockingHandler implements IqHandler {
    private static final Logger LOG = Logger.getLogger(BlockingHandler.class.getName());
    /** Items in one block or unblock request; more is a bad request rather than a memory problem. */
    static final int MAX_ITEMS_PER_REQUEST = 1000;

    @Inject BlockingService blocking;

    @Override public String namespace() { return Ns.BLOCKING; }
    @Override public boolean servesAccount() { return true; }

    @Override
    public Element handle(XmppSession session, Element iq) {
        Jid user = session.jid().bare();
        Jid to = iq.attr("to") == null ? null : Jid.parseOrNull(iq.attr("to"));
        // another account's blocklist is nobody else's business
        if (to != null && to.local() != null && !to.bare().equals(user)) return Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable");
        Element p = iq.elements().get(0);
        String type = iq.attr("type");
        if ("get".equals(type)) {
            if (!p.name().equals("blocklist")) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request");
            // §5.2: this resource now gets the pushes
            ClientState.of(session).blocklistRequested(true);
            Element r = Stanzas.result(iq);
            Element list = r.addChild("blocklist", Ns.BLOCKING);
            for (Jid j : blocking.blocklist(user.local())) list.addChild("item", Ns.BLOCKING).attr("jid", j.toString());
            return r;
        }
        boolean block = p.name().equals("block");
        if (!block && !p.name().equals("unblock")) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request");
        List<Element> items = p.elements("item", Ns.BLOCKING);
        // §5.3: a block without an item is a bad request; §5.5: an unblock without one unblocks everything
        if (block && items.isEmpty()) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request", "a block needs at least one item");
        if (items.size() > MAX_ITEMS_PER_REQUEST) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request", "too many items");
        List<Jid> jids = new ArrayList<>(items.size());
        for (Element item : items) {
            Jid j = Jid.parseOrNull(item.attr("jid"));
            if (j == null) return Stanzas.error(iq, Stanzas.MODIFY, "jid-malformed");
            jids.add(j);
        }
        List<Jid> changed;
        try {
            changed = block ? blocking.block(user.local(), jids) : blocking.unblock(user.local(), items.isEmpty() ? null : jids);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "blocklist change failed for " + user, e);
            return Stanzas.error(iq, Stanzas.WAIT, "internal-server-error");
        }
        session.send(Stanzas.result(iq));
        // the push carries what the request named (normalised); an unblock-all push is empty (§5.5)
        Element payload = new Element(p.name(), Ns.BLOCKING);
        for (Jid j : jids) payload.addChild("item", Ns.BLOCKING).attr("jid", j.toString());
        blocking.afterChange(user, payload, block ? changed : List.of(), block ? List.of() : changed);
        return null;
    }
}
