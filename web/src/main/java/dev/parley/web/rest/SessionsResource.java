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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The bound client sessions of this node: list them, show one user's, disconnect them. A disconnected client
 * gets a stream error, then the stream closes; its contacts see it go unavailable as with any session end.
 */
@Path("/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sessions", description = "Online client sessions of this node")
public class SessionsResource {
    private static final Logger LOG = Logger.getLogger(SessionsResource.class.getName());

    /**
     * RFC 6120 §4.9.3.14: an administrator's decision is local service policy, and the text says which.
     * Not {@code reset} (§4.9.3.16: new security features, the client should reconnect at once), not
     * {@code conflict} (§4.9.3.3: a new session took the resource), not {@code system-shutdown}.
     */
    static final String DISCONNECT_CONDITION = "policy-violation";
    static final String DISCONNECT_TEXT = "disconnected by an administrator";
    static final int MAX_LIMIT = 10_000;

    @Inject LocalDelivery delivery;
    @Inject ServerSettings settings;
    @EJB AccountService accounts;

    /**
     * One session: transport is tcp, tls (XEP-0368 direct TLS) or websocket, secure whether the stream is encrypted;
     * since when the resource was bound; available, priority, show and status from its presence (RFC 6121 §4).
     */
    public record SessionView(String jid, String username, String resource, String address, String transport, boolean secure,
                              String since, boolean available, int priority, String show, String status) { }
    public record SessionList(int total, int offset, int limit, List<SessionView> sessions) { }
    public record UserSessions(String jid, List<SessionView> sessions) { }
    public record Disconnected(int disconnected, List<String> sessions) { }

    @GET
    @Operation(operationId = "listSessions", summary = "Lists the bound sessions of this node, ordered by full JID")
    public SessionList list(@QueryParam("offset") @DefaultValue("0") int offset,
                            @QueryParam("limit") @DefaultValue("100") @Parameter(description = "at most 10000") int limit) {
        List<XmppSession> all = bound(delivery.registry().all());
        int from = Math.min(Math.max(0, offset), all.size());
        int max = Math.min(Math.max(1, limit), MAX_LIMIT);
        List<SessionView> views = new ArrayList<>();
        for (XmppSession s : all.subList(from, Math.min(all.size(), from + max))) views.add(view(s));
        return new SessionList(all.size(), from, max, views);
    }

    @GET
    @Path("{username}")
    @Operation(operationId = "getUserSessions", summary = "Shows a user's sessions on this node")
    @APIResponse(responseCode = "200", description = "the sessions, empty when offline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserSessions.class)))
    @APIResponse(responseCode = "404", description = "no such user")
    public Response user(@PathParam("username") String username) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        Jid bare = Jid.of(u, settings.domain(), null);
        List<SessionView> views = new ArrayList<>();
        for (XmppSession s : bound(delivery.sessions(bare))) views.add(view(s));
        return Response.ok(new UserSessions(bare.toString(), views)).build();
    }

    @DELETE
    @Path("{username}")
    @Operation(operationId = "disconnectUser", summary = "Disconnects every session of a user on this node (stream error policy-violation)")
    @APIResponse(responseCode = "200", description = "the sessions disconnected",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Disconnected.class)))
    @APIResponse(responseCode = "404", description = "no such user, or no session online")
    public Response disconnectAll(@PathParam("username") String username,
                                  @QueryParam("reason") @Parameter(description = "the stream error text") String reason) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        return disconnect(bound(delivery.sessions(Jid.of(u, settings.domain(), null))), reason);
    }

    @DELETE
    @Path("{username}/{resource}")
    @Operation(operationId = "disconnectSession", summary = "Disconnects one session (stream error policy-violation)")
    @APIResponse(responseCode = "200", description = "the session disconnected",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Disconnected.class)))
    @APIResponse(responseCode = "404", description = "no such user, or no session with that resource")
    public Response disconnectOne(@PathParam("username") String username, @PathParam("resource") String resource,
                                  @QueryParam("reason") @Parameter(description = "the stream error text") String reason) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        Jid full;
        try { full = Jid.of(u, settings.domain(), resource); } catch (IllegalArgumentException e) { return RosterJson.notFound("no such session"); }
        XmppSession s = delivery.session(full);
        return disconnect(s == null ? List.of() : bound(List.of(s)), reason);
    }

    private Response disconnect(List<XmppSession> sessions, String reason) {
        if (sessions.isEmpty()) return RosterJson.notFound("no session online");
        String text = reason == null || reason.isBlank() ? DISCONNECT_TEXT : reason;
        List<String> jids = new ArrayList<>();
        for (XmppSession s : sessions) {
            jids.add(s.jid().toString());
            // the session's end (unbinding, unavailable presence to contacts) follows from the closed connection
            s.close(DISCONNECT_CONDITION, text);
            LOG.info(() -> "session " + s.jid() + " from " + s.remoteAddress() + " disconnected by an administrator");
        }
        return Response.ok(new Disconnected(jids.size(), jids)).build();
    }

    private String existingUser(String username) {
        String u = RosterJson.username(username, settings.domain());
        return u != null && accounts.exists(u) ? u : null;
    }

    /**
     * Open bound sessions in full-JID order, so that offset and limit page through a stable order (a snapshot:
     * sorting a node's sessions is cheap next to serializing them).
     */
    static List<XmppSession> bound(Collection<? extends XmppSession> sessions) {
        List<XmppSession> out = new ArrayList<>(sessions.size());
        for (XmppSession s : sessions) if (s.jid() != null && s.isOpen()) out.add(s);
        out.sort(Comparator.comparing(s -> s.jid().toString()));
        return out;
    }

    static SessionView view(XmppSession s) {
        ClientState cs = ClientState.of(s);
        Element p = cs.presence();
        String ns = p == null ? null : p.namespace();
        Instant since = s.boundAt();
        Jid j = s.jid();
        return new SessionView(j.toString(), j.local(), j.resource(), s.remoteAddress(), s.transport(), s.secure(),
                since == null ? null : since.toString(), cs.available(), cs.priority(),
                p == null ? null : p.childText("show", ns), p == null ? null : p.childText("status", ns));
    }
}
