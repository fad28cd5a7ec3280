package dev.parley.web.rest;

import dev.parley.im.roster.SubscriptionPolicy;
import dev.parley.im.shared.SharedGroups;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Settings an administrator changes at run time; they are stored and override the configured defaults. */
@Path("/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SettingsResource {
    @Inject SharedGroups groups;

    public record Policy(String policy) { }

    @GET
    @Path("subscription-policy")
    public Policy policy() { return new Policy(groups.policy().value()); }

    /** open (RFC 6121), auto-approve (within the organisation), organisation-only. */
    @PUT
    @Path("subscription-policy")
    public Response policy(Policy in) {
        SubscriptionPolicy p = in == null ? null : SubscriptionPolicy.parse(in.policy());
        if (p == null) return Response.status(400).entity(new ApiError("policy must be open, auto-approve or organisation-only")).build();
        groups.policy(p);
        return Response.ok(new Policy(p.value())).build();
    }
}
