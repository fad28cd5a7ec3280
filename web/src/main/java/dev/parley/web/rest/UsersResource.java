package dev.parley.web.rest;

import dev.parley.im.account.Account;
import dev.parley.im.account.AccountService;
import dev.parley.im.route.LocalDelivery;
import dev.parley.im.config.ServerSettings;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.InvalidJidException;
import dev.parley.xmpp.jid.Jid;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Accounts: list, create (one or in bulk), delete, set password. */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {
    @EJB AccountService accounts;
    @Inject ServerSettings settings;
    @Inject LocalDelivery delivery;

    public record NewUser(String username, String password) { }
    public record Password(String password) { }
    public record UserList(long total, List<String> users) { }
    public record BulkUsers(List<NewUser> users) { }
    public record BulkResult(int requested, int created, long millis) { }

    @GET
    public UserList list(@QueryParam("first") @DefaultValue("0") int first, @QueryParam("max") @DefaultValue("100") int max) {
        return new UserList(accounts.count(), accounts.list(Math.max(0, first), Math.min(Math.max(1, max), 10_000)));
    }

    @GET
    @Path("{username}")
    public Response get(@PathParam("username") String username) {
        String u = normalize(username);
        if (u == null || !accounts.exists(u)) return Response.status(404).entity(new ApiError("no such user")).build();
        List<String> resources = new ArrayList<>();
        for (XmppSession s : delivery.sessions(Jid.of(u, settings.domain(), null))) resources.add(s.jid().resource());
        return Response.ok(new UserInfo(u, u + "@" + settings.domain(), resources)).build();
    }

    public record UserInfo(String username, String jid, List<String> onlineResources) { }

    @POST
    public Response create(NewUser user) {
        if (user == null || user.username() == null || user.password() == null || user.password().isEmpty())
            return Response.status(400).entity(new ApiError("username and password are required")).build();
        try {
            if (!accounts.create(user.username(), user.password())) return Response.status(409).entity(new ApiError("user exists")).build();
        } catch (InvalidJidException e) {
            return Response.status(400).entity(new ApiError("invalid username: " + e.getMessage())).build();
        }
        return Response.status(201).entity(new UserInfo(AccountService.normalize(user.username()),
                AccountService.normalize(user.username()) + "@" + settings.domain(), List.of())).build();
    }

    /**
     * Creates many users in one call. Credential derivation (PBKDF2) dominates the cost, so it runs in
     * parallel outside the database transaction; rows are then inserted in batched transactions.
     * Existing users are left untouched.
     */
    @POST
    @Path("bulk")
    public Response bulk(BulkUsers req) {
        if (req == null || req.users() == null) return Response.status(400).entity(new ApiError("users required")).build();
        long t0 = System.nanoTime();
        List<NewUser> in = req.users();
        for (NewUser u : in) {
            if (u == null || u.username() == null || u.password() == null || u.password().isEmpty())
                return Response.status(400).entity(new ApiError("every user needs a username and a password")).build();
        }
        Account[] prepared = new Account[in.size()];
        try {
            IntStream.range(0, in.size()).parallel().forEach(i -> prepared[i] = accounts.prepare(in.get(i).username(), in.get(i).password()));
        } catch (InvalidJidException e) {
            return Response.status(400).entity(new ApiError("invalid username: " + e.getMessage())).build();
        }
        int created = 0;
        for (int i = 0; i < prepared.length; i += 1000) {
            created += accounts.persistAll(List.of(prepared).subList(i, Math.min(prepared.length, i + 1000)));
        }
        return Response.ok(new BulkResult(in.size(), created, (System.nanoTime() - t0) / 1_000_000)).build();
    }

    @DELETE
    @Path("{username}")
    public Response delete(@PathParam("username") String username) {
        String u = normalize(username);
        if (u == null || !accounts.delete(u)) return Response.status(404).entity(new ApiError("no such user")).build();
        for (XmppSession s : delivery.sessions(Jid.of(u, settings.domain(), null))) s.close("not-authorized", "the account was removed");
        return Response.noContent().build();
    }

    @PUT
    @Path("{username}/password")
    public Response password(@PathParam("username") String username, Password pw) {
        String u = normalize(username);
        if (pw == null || pw.password() == null || pw.password().isEmpty()) return Response.status(400).entity(new ApiError("password required")).build();
        if (u == null || !accounts.changePassword(u, pw.password())) return Response.status(404).entity(new ApiError("no such user")).build();
        return Response.noContent().build();
    }

    private static String normalize(String u) {
        try { return AccountService.normalize(u); } catch (IllegalArgumentException e) { return null; }
    }
}
