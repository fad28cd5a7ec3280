package dev.parley.im.iq;

import dev.parley.im.account.AccountService;
import dev.parley.im.admin.AdminCommands;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.route.IqHandler;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.TreeSet;

/**
 * XEP-0030 service discovery for the server, for the user's own account, and for other local accounts,
 * answered by the server on their behalf (XEP-0030 §3.1) under the access rules of §8.
 */
public final class DiscoHandlers {
    private DiscoHandlers() { }

    /** Extra features that are not IQ namespaces (message/presence behaviours). */
    public interface FeatureContributor { java.util.Collection<String> features(); }

    @ApplicationScoped
    public static class Info implements IqHandler {
        @Inject ServerSettings settings;
        @Inject @Any Instance<IqHandler> handlers;
        @Inject @Any Instance<FeatureContributor> contributors;
        @Inject Instance<PresenceAuthorization> authorization;
        @EJB AccountService accounts;

        @Override public String namespace() { return Ns.DISCO_INFO; }
        @Override public boolean servesAccount() { return true; }

        @Override public Element handle(XmppSession session, Element iq) {
            if (!"get".equals(iq.attr("type"))) return Stanzas.error(iq, Stanzas.CANCEL, "not-allowed");
            Element query = iq.elements().get(0);
            String node = query.attr("node");
            Jid to = iq.attr("to") == null ? null : Jid.of(iq.attr("to"));
            boolean account = to != null && to.local() != null;
            if (account && !to.bare().equals(session.jid().bare()) && !mayDiscover(to.bare(), session.jid().bare())) {
                // §8 rule 1: the same error for an account that does not exist and for one the requester may not see
                return Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable");
            }
            Element r = Stanzas.result(iq);
            Element q = r.addChild("query", Ns.DISCO_INFO);
            if (node != null) q.attr("node", node);
            if (node != null && node.startsWith(AdminCommands.NODE_PREFIX)) {
                if (!settings.isAdmin(session.jid().bare().toString())) return Stanzas.error(iq, Stanzas.AUTH, "forbidden");
                q.addChild("identity", Ns.DISCO_INFO).attr("category", "automation").attr("type", "command-node")
                        .attr("name", AdminCommands.name(node));
                q.addChild("feature", Ns.DISCO_INFO).attr("var", Ns.COMMANDS);
                q.addChild("feature", Ns.DISCO_INFO).attr("var", Ns.DATA_FORMS);
                return r;
            }
            if (node != null) return Stanzas.error(iq, Stanzas.CANCEL, "item-not-found");
            TreeSet<String> features = new TreeSet<>();
            if (account) {
                q.addChild("identity", Ns.DISCO_INFO).attr("category", "account").attr("type", "registered");
                for (IqHandler h : handlers) if (h.servesAccount()) features.add(h.namespace());
            } else {
                q.addChild("identity", Ns.DISCO_INFO).attr("category", "server").attr("type", "im").attr("name", VersionHandler.NAME);
                for (IqHandler h : handlers) features.add(h.namespace());
                for (FeatureContributor c : contributors) features.addAll(c.features());
            }
            features.add(Ns.DISCO_INFO);
            for (String f : features) q.addChild("feature", Ns.DISCO_INFO).attr("var", f);
            return r;
        }

        /**
         * §8 rule 1: another account is described only to those authorized to receive its presence; the
         * subscription state comes from the roster ({@link PresenceAuthorization}).
         */
        private boolean mayDiscover(Jid account, Jid requester) {
            if (!authorization.isResolvable()) return false;
            return authorization.get().mayReceivePresence(account, requester) && accounts.exists(account.local());
        }
    }

    @ApplicationScoped
    public static class Items implements IqHandler {
        @Inject ServerSettings settings;

        @Override public String namespace() { return Ns.DISCO_ITEMS; }
        @Override public boolean servesAccount() { return true; }

        @Override public Element handle(XmppSession session, Element iq) {
            if (!"get".equals(iq.attr("type"))) return Stanzas.error(iq, Stanzas.CANCEL, "not-allowed");
            String node = iq.elements().get(0).attr("node");
            Element r = Stanzas.result(iq);
            Element q = r.addChild("query", Ns.DISCO_ITEMS);
            if (node != null) q.attr("node", node);
            Jid to = iq.attr("to") == null ? null : Jid.of(iq.attr("to"));
            boolean toServer = to == null || to.local() == null;
            if (!toServer && !to.bare().equals(session.jid().bare())) {
                // §8 rule 2: another account's only items would be its available resources, which are not
                // listed; the result is the same empty set whether the account exists or not
                return r;
            }
            if (Ns.COMMANDS.equals(node) && toServer) {
                // XEP-0050 §2.2: commands are listed to those who may run them
                if (settings.isAdmin(session.jid().bare().toString())) {
                    for (String n : AdminCommands.NODES) {
                        q.addChild("item", Ns.DISCO_ITEMS).attr("jid", settings.domain()).attr("node", n).attr("name", AdminCommands.name(n));
                    }
                }
            } else if (node != null) {
                return Stanzas.error(iq, Stanzas.CANCEL, "item-not-found");
            }
            return r;
        }
    }
}
