package dev.parley.web.rest;

import dev.parley.im.admin.AdminMessaging;
import dev.parley.im.admin.Broadcasts;
import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/broadcast}: a message from the server's domain to every user online on this node (a headline, never
 * stored), or with {@code "onlineOnly":false} to every account (a normal message, stored offline for those offline).
 */
@Path("/broadcast")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "messages")
public class BroadcastResource {
    @EJB AdminMessaging admin;

    public record BroadcastRequest(String subject, String body, Boolean onlineOnly) { }

    @POST
    @Operation(operationId = "broadcast", summary = "Sends a message to every online user (headline), or to every account (normal, stored offline)")
    @APIResponse(responseCode = "200", description = "the counts: recipients (accounts), delivered (accounts) to resources (sessions), stored, dropped, refused, failed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Broadcasts.Result.class)))
    @APIResponse(responseCode = "400", description = "no body")
    public Response broadcast(BroadcastRequest req) {
        if (req == null || req.body() == null || req.body().isBlank()) return RosterJson.bad("body required");
        boolean onlineOnly = req.onlineOnly() == null || req.onlineOnly();
        Broadcasts.Result r = admin.broadcast(req.subject(), req.body(), onlineOnly);
        return Response.ok(r).build();
    }
}
