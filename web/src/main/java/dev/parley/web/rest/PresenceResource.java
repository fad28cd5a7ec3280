package dev.parley.web.rest;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.route.LocalDelivery;
import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/users/{u}/presence}: the user's sessions on this node with their RFC 6121 state. */
@Path("/users/{username}/presence")
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {
    @EJB AccountService accounts;
    @Inject ServerSettings settings;
    @Inject LocalDelivery delivery;

    /** One session: available (sent initial presence), priority (§4.7.2.3), show and status, interested (§2.1.6). */
    public record ResourceView(String resource, boolean available, int priority, String show, String status, boolean interested) { }
    public record PresenceView(String jid, List<ResourceView> resources) { }

    @GET
    public Response get(@PathParam("username") String username) {
        String u;
        try { u = AccountService.normalize(username); } catch (IllegalArgumentException e) { u = null; }
        if (u == null || !accounts.exists(u)) return Response.status(404).entity(new ApiError("no such user")).build();
        Jid bare = Jid.of(u, settings.domain(), null);
        List<ResourceView> out = new ArrayList<>();
        for (XmppSession s : delivery.sessions(bare)) {
            ClientState cs = ClientState.of(s);
            Element p = cs.presence();
            String ns = p == null ? null : p.namespace();
            out.add(new ResourceView(s.jid().resource(), cs.available(), cs.priority(),
                    p == null ? null : p.childText("show", ns), p == null ? null : p.childText("status", ns), cs.interested()));
        }
        return Response.ok(new PresenceView(bare.toString(), out)).build();
    }
}
