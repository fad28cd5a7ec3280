package dev.parley.web.rest;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.xmpp.jid.Jid;
import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * HTTP basic authentication of an admin account (a JID listed in xmpp.admins, with its XMPP password).
 * The username may be the bare JID or just the localpart.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminAuthFilter implements ContainerRequestFilter {
    private static final Logger LOG = Logger.getLogger(AdminAuthFilter.class.getName());
    @EJB AccountService accounts;
    @Inject ServerSettings settings;

    @Override
    public void filter(ContainerRequestContext req) {
        String h = req.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) { deny(req, "authentication required"); return; }
        String decoded;
        try { decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8); }
        catch (IllegalArgumentException e) { deny(req, "malformed credentials"); return; }
        int colon = decoded.indexOf(':');
        if (colon < 0) { deny(req, "malformed credentials"); return; }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        Jid jid = Jid.parseOrNull(user.contains("@") ? user : user + "@" + settings.domain());
        if (jid == null || jid.local() == null || !settings.isAdmin(jid.bare().toString())
                || !jid.domain().equals(settings.domain()) || !accounts.verifyPassword(jid.local(), password)) {
            LOG.warning(() -> "REST authentication failed for '" + user + "'");
            deny(req, "not an administrator");
        }
    }

    private static void deny(ContainerRequestContext req, String why) {
        req.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"parley\"")
                .entity(new ApiError(why)).type("application/json").build());
    }
}
