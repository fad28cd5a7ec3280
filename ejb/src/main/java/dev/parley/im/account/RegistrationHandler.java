package dev.parley.im.account;

import dev.parley.im.config.ServerSettings;
import dev.parley.im.route.IqHandler;
import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.InvalidJidException;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * XEP-0077 in-band registration: account creation before authentication (when enabled), and for a
 * logged-in user, password change and account removal.
 */
@ApplicationScoped
public class RegistrationHandler implements IqHandler {
    private static final Logger LOG = Logger.getLogger(RegistrationHandler.class.getName());

    @EJB AccountService accounts;
    @Inject ServerSettings settings;
    @Inject LocalDelivery delivery;

    @Override public String namespace() { return Ns.REGISTER; }

    /** Before authentication: the registration form and account creation. */
    public Element handleUnauthenticated(XmppSession session, Element iq) {
        Element query = iq.element("query", Ns.REGISTER);
        if (query == null || !settings.registrationEnabled()) return Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable");
        String type = iq.attr("type");
        if ("get".equals(type)) {
            Element r = Stanzas.result(iq);
            Element q = r.addChild("query", Ns.REGISTER);
            q.addChild("instructions", Ns.REGISTER).text("Choose a username and password for use with this service.");
            q.addChild("username", Ns.REGISTER);
            q.addChild("password", Ns.REGISTER);
            return r;
        }
        if (!"set".equals(type)) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request");
        if (query.element("remove", Ns.REGISTER) != null) return Stanzas.error(iq, Stanzas.AUTH, "not-authorized");
        String username = query.childText("username", Ns.REGISTER);
        String password = query.childText("password", Ns.REGISTER);
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            return Stanzas.error(iq, Stanzas.MODIFY, "not-acceptable", "username and password are required");
        }
        try {
            if (!accounts.create(username, password)) return Stanzas.error(iq, Stanzas.CANCEL, "conflict", "the username is taken");
        } catch (IllegalArgumentException e) { // includes InvalidJidException
            return Stanzas.error(iq, Stanzas.MODIFY, "not-acceptable", "invalid username or password");
        }
        LOG.info(() -> "account registered in-band: " + AccountService.normalize(username) + " from " + session.remoteAddress());
        return Stanzas.result(iq);
    }

    /** After authentication: registration info, password change, account removal. */
    @Override
    public Element handle(XmppSession session, Element iq) {
        Element query = iq.elements().get(0);
        String user = session.jid().local();
        if ("get".equals(iq.attr("type"))) {
            Element r = Stanzas.result(iq);
            Element q = r.addChild("query", Ns.REGISTER);
            q.addChild("registered", Ns.REGISTER);
            q.addChild("username", Ns.REGISTER).text(user);
            q.addChild("password", Ns.REGISTER);
            return r;
        }
        if (query.element("remove", Ns.REGISTER) != null) {
            accounts.delete(user);
            LOG.info(() -> "account removed in-band: " + user);
            session.send(Stanzas.result(iq));
            // XEP-0077 §3.2: the account is gone; its streams end.
            for (XmppSession s : delivery.sessions(session.jid().bare())) {
                if (s == session) s.close(null, null); else s.close("not-authorized", "the account was removed");
            }
            return null;
        }
        String username = query.childText("username", Ns.REGISTER);
        String password = query.childText("password", Ns.REGISTER);
        if (password == null || password.isEmpty()) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request", "password required");
        if (username != null && !user.equals(safeNormalize(username))) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request", "wrong username");
        accounts.changePassword(user, password);
        LOG.info(() -> "password changed in-band: " + user);
        return Stanzas.result(iq);
    }

    private static String safeNormalize(String u) {
        try { return AccountService.normalize(u); } catch (IllegalArgumentException e) { return null; }
    }
}
