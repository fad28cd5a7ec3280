package dev.parley.im.vcard;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.route.IqHandler;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import dev.parley.xmpp.xml.XmppStreamException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * XEP-0054 vcard-temp: a user reads and replaces the own vCard (no 'to', or the own bare JID), and
 * reads another local user's (IQ get to that bare JID), answered by the server on the account's behalf
 * (§3.3, RFC 6120 §10.5.3.2).
 */
@ApplicationScoped
public class VCardHandler implements IqHandler {
    private static final Logger LOG = Logger.getLogger(VCardHandler.class.getName());
    public static final String MAX_BYTES_KEY = "xmpp.limits.max-vcard-bytes";

    @Inject ServerSettings settings;
    @EJB VCardStore store;
    @EJB AccountService accounts;
    private int maxBytes;

    @PostConstruct
    void init() {
        maxBytes = Integer.parseInt(settings.get(MAX_BYTES_KEY).orElse("65536"));
    }

    @Override public String namespace() { return Ns.VCARD; }
    @Override public boolean servesAccount() { return true; }

    @Override
    public Element handle(XmppSession session, Element iq) {
        Element payload = iq.elements().get(0);
        if (!VCardRules.isVCard(payload)) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request");
        Jid self = session.jid().bare();
        Jid to = iq.attr("to") == null ? self : Jid.parseOrNull(iq.attr("to"));
        boolean get = "get".equals(iq.attr("type"));
        if (to == null || to.local() == null) {
            // the server's own vCard: none is configured
            return Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable");
        }
        if (to.bare().equals(self)) return get ? own(iq, self) : set(iq, self, payload);
        // §3.2: no one sets another user's vCard; the same answer whether that account exists or not
        if (!get) return Stanzas.error(iq, Stanzas.AUTH, "forbidden");
        // §3.3: no vCard and no such user get the same error, so accounts cannot be harvested
        String xml = accounts.exists(to.local()) ? store.get(to.local()) : null;
        Element vcard = xml == null ? null : parse(xml, to);
        if (vcard == null) return Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable");
        return Stanzas.result(iq).add(vcard);
    }

    /** §3.1: the own vCard, or an empty one when none is stored. */
    private Element own(Element iq, Jid self) {
        String xml = store.get(self.local());
        Element vcard = xml == null ? null : parse(xml, self);
        return Stanzas.result(iq).add(vcard == null ? VCardRules.empty() : vcard);
    }

    /** §3.2: replaces the own vCard, within the size limit. */
    private Element set(Element iq, Jid self, Element payload) {
        String xml = VCardRules.serialize(payload);
        if (!VCardRules.fits(xml, maxBytes)) {
            return Stanzas.error(iq, Stanzas.MODIFY, "not-acceptable", "the vCard is larger than " + maxBytes + " bytes");
        }
        store.put(self.local(), xml);
        return Stanzas.result(iq);
    }

    private static Element parse(String xml, Jid owner) {
        try {
            return XmlParser.parse(xml);
        } catch (XmppStreamException e) {
            LOG.log(Level.WARNING, "stored vCard of " + owner + " cannot be read", e);
            return null;
        }
    }
}
