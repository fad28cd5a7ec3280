package dev.parley.im.admin;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.route.IqHandler;
import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * XEP-0050 ad-hoc commands implementing XEP-0133 service administration: add-user, delete-user,
 * change-user-password. Only admin accounts (xmpp.admins) may list or run them. Each command is a
 * two-step exchange (form, then submission); a submission is accepted with or without a session id.
 */
@ApplicationScoped
public class AdminCommands implements IqHandler {
    private static final Logger LOG = Logger.getLogger(AdminCommands.class.getName());
    public static final String NODE_PREFIX = "http://jabber.org/protocol/admin#";
    public static final String ADD_USER = NODE_PREFIX + "add-user";
    public static final String DELETE_USER = NODE_PREFIX + "delete-user";
    public static final String CHANGE_PASSWORD = NODE_PREFIX + "change-user-password";
    public static final List<String> NODES = List.of(ADD_USER, DELETE_USER, CHANGE_PASSWORD);
    private static final Map<String, String> NAMES = Map.of(ADD_USER, "Add a User", DELETE_USER, "Delete a User",
            CHANGE_PASSWORD, "Change User Password");

    @EJB AccountService accounts;
    @Inject ServerSettings settings;
    @Inject LocalDelivery delivery;

    public static String name(String node) { return NAMES.getOrDefault(node, node); }

    @Override public String namespace() { return Ns.COMMANDS; }

    @Override
    public Element handle(XmppSession session, Element iq) {
        if (!"set".equals(iq.attr("type"))) return Stanzas.error(iq, Stanzas.MODIFY, "bad-request");
        Element cmd = iq.elements().get(0);
        String node = cmd.attr("node");
        if (node == null || !NODES.contains(node)) return Stanzas.error(iq, Stanzas.CANCEL, "item-not-found");
        if (!settings.isAdmin(session.jid().bare().toString())) return Stanzas.error(iq, Stanzas.AUTH, "forbidden");
        String action = cmd.attr("action") == null ? "execute" : cmd.attr("action");
        String sessionId = cmd.attr("sessionid") == null ? UUID.randomUUID().toString() : cmd.attr("sessionid");
        Element form = cmd.element("x", Ns.DATA_FORMS);
        if ("cancel".equals(action)) return reply(iq, node, sessionId, "canceled");
        boolean submitted = form != null && "submit".equals(form.attr("type"));
        if (!submitted) {
            if (!"execute".equals(action)) return badAction(iq);
            Element r = reply(iq, node, sessionId, "executing");
            Element c = r.elements().get(0);
            c.addChild("actions", Ns.COMMANDS).attr("execute", "complete").addChild("complete", Ns.COMMANDS);
            c.add(form(node));
            return r;
        }
        if (!"complete".equals(action) && !"execute".equals(action)) return badAction(iq);
        Map<String, List<String>> values = Forms.values(form);
        String note;
        try {
            note = switch (node) {
                case ADD_USER -> addUser(values);
                case DELETE_USER -> deleteUsers(values);
                default -> changePassword(values);
            };
        } catch (CommandError e) {
            Element err = Stanzas.error(iq, Stanzas.MODIFY, e.condition, e.getMessage());
            err.element("error", Ns.CLIENT).addChild("bad-payload", Ns.COMMANDS);
            return err;
        }
        LOG.info(() -> "admin command " + node + " by " + session.jid().bare() + ": " + note);
        Element r = reply(iq, node, sessionId, "completed");
        r.elements().get(0).addChild("note", Ns.COMMANDS).attr("type", "info").text(note);
        return r;
    }

    private String addUser(Map<String, List<String>> v) throws CommandError {
        String user = localUser(Forms.first(v, "accountjid"));
        String pw = Forms.first(v, "password");
        String verify = Forms.first(v, "password-verify");
        if (pw == null || pw.isEmpty()) throw new CommandError("not-acceptable", "a password is required");
        if (verify != null && !verify.equals(pw)) throw new CommandError("not-acceptable", "the passwords do not match");
        if (!accounts.create(user, pw)) throw new CommandError("conflict", "the account exists");
        return "Created " + user + "@" + settings.domain();
    }

    private String deleteUsers(Map<String, List<String>> v) throws CommandError {
        List<String> jids = v.getOrDefault("accountjids", List.of());
        if (jids.isEmpty()) throw new CommandError("not-acceptable", "no account given");
        List<String> users = new ArrayList<>();
        for (String j : jids) users.add(localUser(j));
        int n = 0;
        for (String u : users) {
            if (accounts.delete(u)) {
                n++;
                for (XmppSession s : delivery.sessions(Jid.of(u, settings.domain(), null))) s.close("not-authorized", "the account was removed");
            }
        }
        return "Deleted " + n + " of " + users.size() + " account(s)";
    }

    private String changePassword(Map<String, List<String>> v) throws CommandError {
        String user = localUser(Forms.first(v, "accountjid"));
        String pw = Forms.first(v, "password");
        if (pw == null || pw.isEmpty()) throw new CommandError("not-acceptable", "a password is required");
        if (!accounts.changePassword(user, pw)) throw new CommandError("item-not-found", "no such account");
        return "Password changed for " + user + "@" + settings.domain();
    }

    private String localUser(String jid) throws CommandError {
        Jid j = jid == null ? null : Jid.parseOrNull(jid);
        if (j == null || j.local() == null) throw new CommandError("jid-malformed", "an account JID is required");
        if (!j.domain().equals(settings.domain())) throw new CommandError("not-acceptable", "not a local account");
        return j.local();
    }

    private Element form(String node) {
        Element x = Element.of("x", Ns.DATA_FORMS).attr("type", "form");
        x.addChild("title", Ns.DATA_FORMS).text(name(node));
        Forms.hidden(x, "FORM_TYPE", "http://jabber.org/protocol/admin");
        switch (node) {
            case ADD_USER -> {
                Forms.field(x, "accountjid", "jid-single", "The Jabber ID for the account to be added", true);
                Forms.field(x, "password", "text-private", "The password for this account", true);
                Forms.field(x, "password-verify", "text-private", "Retype password", false);
            }
            case DELETE_USER -> Forms.field(x, "accountjids", "jid-multi", "The Jabber ID(s) to delete", true);
            default -> {
                Forms.field(x, "accountjid", "jid-single", "The Jabber ID for this account", true);
                Forms.field(x, "password", "text-private", "The password for this account", true);
            }
        }
        return x;
    }

    private static Element reply(Element iq, String node, String sessionId, String status) {
        Element r = Stanzas.result(iq);
        r.addChild("command", Ns.COMMANDS).attr("node", node).attr("sessionid", sessionId).attr("status", status);
        return r;
    }

    private static Element badAction(Element iq) {
        Element err = Stanzas.error(iq, Stanzas.MODIFY, "bad-request");
        err.element("error", Ns.CLIENT).addChild("bad-action", Ns.COMMANDS);
        return err;
    }

    private static final class CommandError extends Exception {
        final String condition;
        CommandError(String condition, String message) { super(message); this.condition = condition; }
    }
}
