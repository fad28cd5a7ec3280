package dev.parley.web.rest;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.integration.InboundFormat;
import dev.parley.im.message.MessageService;
import dev.parley.im.message.MessageService.ServiceResult;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/messages}: a message to a local user, accepted like one from the JMS inbound queue (same formats
 * and defaults: 'from' the server's domain, type chat): delivered to the user's resources as RFC 6121 §8.5 says, or
 * stored offline (XEP-0160).
 */
@Path("/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Messages from the server to its users")
public class MessagesResource {
    private static final Logger LOG = Logger.getLogger(MessagesResource.class.getName());

    @EJB MessageService messages;
    @EJB AccountService accounts;
    @Inject ServerSettings settings;

    /** {@code to} a bare or full JID of a local user; {@code type} chat (default), normal or headline. */
    public record SendMessage(String from, String to, String type, String subject, String body, String thread) { }
    /** {@code outcome}: delivered (to {@code resources} sessions), stored (offline) or dropped (a headline nobody online takes). */
    public record MessageResult(String to, String outcome, int resources, String reason) { }

    @POST
    @Operation(operationId = "sendMessage", summary = "Sends a message to a local user: delivered, or stored offline")
    @APIResponse(responseCode = "200", description = "accepted: delivered, stored or dropped",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MessageResult.class)))
    @APIResponse(responseCode = "400", description = "malformed: a missing or invalid 'to' or 'from', an unknown type, no content")
    @APIResponse(responseCode = "404", description = "no such user")
    @APIResponse(responseCode = "503", description = "not accepted (service-unavailable): the offline store is full, the user blocks the sender, the resource is not connected; or the server failed to store it")
    public Response send(SendMessage m) {
        if (m == null) return RosterJson.bad("a JSON body is required");
        Element stanza;
        try {
            stanza = InboundFormat.fromMap(fields(m), settings.domain());
        } catch (InboundFormat.Invalid e) {
            return RosterJson.bad(e.getMessage());
        }
        Jid to = Jid.of(stanza.attr("to"));
        if (!accounts.exists(to.local())) return RosterJson.notFound("no such user: " + to.bare());
        ServiceResult r;
        try {
            r = messages.deliverService(stanza);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not deliver an admin message to " + to, e);
            return Response.status(503).entity(new ApiError("the message could not be stored; try again")).build();
        }
        return response(to.toString(), r);
    }

    /** The JSON fields as the inbound formats' map keys; absent fields stay absent. */
    static Map<String, String> fields(SendMessage m) {
        Map<String, String> f = new HashMap<>();
        if (m.to() != null) f.put("to", m.to());
        if (m.from() != null && !m.from().isBlank()) f.put("from", m.from());
        if (m.type() != null) f.put("type", m.type());
        if (m.subject() != null) f.put("subject", m.subject());
        if (m.body() != null) f.put("body", m.body());
        if (m.thread() != null) f.put("thread", m.thread());
        return f;
    }

    static Response response(String to, ServiceResult r) {
        return Response.status(status(r)).entity(entity(to, r)).build();
    }

    /** Accepted (delivered, stored, dropped): 200. Refused: 404 for item-not-found, otherwise 503 (service-unavailable). */
    static int status(ServiceResult r) {
        if (r.outcome() != MessageService.Outcome.REFUSED) return 200;
        return "item-not-found".equals(r.condition()) ? 404 : 503;
    }

    /** The outcome when accepted; why, when refused. */
    static Object entity(String to, ServiceResult r) {
        if (r.outcome() == MessageService.Outcome.REFUSED) return new ApiError("not delivered (" + r.condition() + "): " + r.reason());
        return new MessageResult(to, r.outcome().name().toLowerCase(Locale.ROOT), r.resources(), r.reason());
    }
}
