package dev.parley.web.rest;

import dev.parley.im.account.AccountService;
import dev.parley.im.shared.SharedGroup;
import dev.parley.im.shared.SharedGroups;
import dev.parley.xmpp.jid.InvalidJidException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The organisation's presence policy: shared roster groups (members see each other without asking) and the policy for
 * personal subscriptions. Every change reaches online members at once (roster pushes and presence).
 */
@Path("/shared-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SharedGroupsResource {
    @Inject SharedGroups groups;

    /** A group as the API shows it; {@code members} is omitted for an 'everyone' group. */
    public record GroupJson(String name, String displayName, Boolean everyone, List<String> visibleTo, List<String> members) { }
    public record GroupSummary(String name, String displayName, boolean everyone, List<String> visibleTo, int memberCount) { }
    public record Members(List<String> members) { }
    /** What a change did: members added or removed, names without an account, database statements used, time, users pushed to. */
    public record ChangeResult(int changed, List<String> unknown, int statements, long millis, int onlineUsersUpdated) { }

    @GET
    public List<GroupSummary> list() {
        List<GroupSummary> out = new ArrayList<>();
        for (SharedGroup g : groups.directory().groups().values()) {
            out.add(new GroupSummary(g.name(), g.displayName(), g.everyone(), List.copyOf(g.visibleTo()), g.everyone() ? -1 : g.members().size()));
        }
        return out;
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        SharedGroup g = groups.directory().group(name);
        if (g == null) return notFound(name);
        return Response.ok(new GroupJson(g.name(), g.displayName(), g.everyone(), List.copyOf(g.visibleTo()),
                g.everyone() ? null : List.copyOf(g.members()))).build();
    }

    /** Creates a group. Without {@code visibleTo} the group is shown to itself: its members see each other. */
    @POST
    public Response create(GroupJson in) {
        if (in == null || in.name() == null || in.name().isBlank() || in.name().length() > 255 || in.name().contains("/")) {
            return Response.status(400).entity(new ApiError("a name of 1 to 255 characters without '/' is required")).build();
        }
        Set<String> members;
        try { members = usernames(in.members()); } catch (InvalidJidException e) { return bad(e); }
        Set<String> visibleTo = in.visibleTo() == null ? Set.of(in.name()) : new LinkedHashSet<>(in.visibleTo());
        try {
            SharedGroups.Outcome o = groups.create(new SharedGroup(in.name(), in.displayName(), Boolean.TRUE.equals(in.everyone()), visibleTo, members));
            return Response.status(201).entity(result(o)).build();
        } catch (SharedGroups.Conflict e) {
            return Response.status(409).entity(new ApiError(e.getMessage())).build();
        }
    }

    /** Changes the display name, visibility or 'everyone' flag (fields left out stay as they are). */
    @PUT
    @Path("{name}")
    public Response update(@PathParam("name") String name, GroupJson in) {
        if (in == null) return Response.status(400).entity(new ApiError("a body is required")).build();
        SharedGroups.Outcome o = groups.update(name, in.displayName(), in.everyone(),
                in.visibleTo() == null ? null : new LinkedHashSet<>(in.visibleTo()));
        return o == null ? notFound(name) : Response.ok(result(o)).build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        SharedGroups.Outcome o = groups.delete(name);
        return o == null ? notFound(name) : Response.ok(result(o)).build();
    }

    /** Adds members (usernames of existing accounts; others are reported in {@code unknown}). */
    @POST
    @Path("{name}/members")
    public Response addMembers(@PathParam("name") String name, Members in) {
        Set<String> users;
        try { users = usernames(in == null ? null : in.members()); } catch (InvalidJidException e) { return bad(e); }
        try {
            SharedGroups.Outcome o = groups.addMembers(name, users);
            return o == null ? notFound(name) : Response.ok(result(o)).build();
        } catch (SharedGroups.Conflict e) {
            return Response.status(409).entity(new ApiError(e.getMessage())).build();
        }
    }

    /** Removes the listed members. */
    @POST
    @Path("{name}/members/remove")
    public Response removeMembers(@PathParam("name") String name, Members in) {
        Set<String> users;
        try { users = usernames(in == null ? null : in.members()); } catch (InvalidJidException e) { return bad(e); }
        SharedGroups.Outcome o = groups.removeMembers(name, users);
        return o == null ? notFound(name) : Response.ok(result(o)).build();
    }

    @DELETE
    @Path("{name}/members/{username}")
    public Response removeMember(@PathParam("name") String name, @PathParam("username") String username) {
        Set<String> users;
        try { users = usernames(List.of(username)); } catch (InvalidJidException e) { return bad(e); }
        SharedGroups.Outcome o = groups.removeMembers(name, users);
        if (o == null) return notFound(name);
        if (o.changed().isEmpty()) return Response.status(404).entity(new ApiError(username + " is not a member of " + name)).build();
        return Response.noContent().build();
    }

    // ------------------------------------------------------------------

    private static Set<String> usernames(List<String> in) {
        Set<String> out = new LinkedHashSet<>();
        if (in != null) for (String u : in) if (u != null) out.add(AccountService.normalize(u.contains("@") ? u.substring(0, u.indexOf('@')) : u));
        return out;
    }

    private static ChangeResult result(SharedGroups.Outcome o) {
        return new ChangeResult(o.changed().size(), List.copyOf(o.unknown()), o.statements(), o.millis(), o.usersPushed());
    }

    private static Response notFound(String name) {
        return Response.status(404).entity(new ApiError("no shared group " + name)).build();
    }

    private static Response bad(InvalidJidException e) {
        return Response.status(400).entity(new ApiError("invalid username: " + e.getMessage())).build();
    }
}
