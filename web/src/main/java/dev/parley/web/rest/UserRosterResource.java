package dev.parley.web.rest;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.roster.RosterItem;
import dev.parley.im.roster.RosterManager;
import dev.parley.im.roster.RosterManager.AdminItem;
import dev.parley.im.roster.RosterService;
import dev.parley.web.rest.RosterJson.Item;
import dev.parley.web.rest.RosterJson.Items;
import dev.parley.xmpp.jid.Jid;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * One user's roster: {@code GET/PUT/DELETE /api/users/{u}/roster} (the whole roster; PUT replaces it with
 * {@code {"items":[...]}}) and {@code GET/PUT/DELETE /api/users/{u}/roster/{contact}} (one item; PUT takes
 * {@code {"name","groups","subscription"}}). Items and subscription states are set directly: no subscription stanzas
 * are exchanged, and a removal sends no unsubscribe/unsubscribed. Online interested resources get roster pushes.
 */
@Path("/users/{username}/roster")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserRosterResource {
    @Inject RosterService rosters;
    @Inject ServerSettings settings;
    @EJB AccountService accounts;

    @GET
    public Response get(@PathParam("username") String username) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        return Response.ok(RosterJson.view(rosters.manager(), u)).build();
    }

    @PUT
    public Response replace(@PathParam("username") String username, Items req) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        if (req == null || req.items() == null) return RosterJson.bad("items required");
        try {
            List<AdminItem> items = new ArrayList<>();
            for (Item i : req.items()) items.add(RosterJson.adminItem(i));
            rosters.manager().adminReplace(u, items);
        } catch (RosterManager.RosterFullException e) {
            return RosterJson.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            return RosterJson.bad(e.getMessage());
        }
        return Response.ok(RosterJson.view(rosters.manager(), u)).build();
    }

    @DELETE
    public Response clear(@PathParam("username") String username) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        rosters.manager().adminReplace(u, List.of());
        return Response.noContent().build();
    }

    @GET
    @Path("{contact}")
    public Response getItem(@PathParam("username") String username, @PathParam("contact") String contact) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        Jid c = Jid.parseOrNull(contact);
        RosterItem i = c == null ? null : rosters.manager().visibleItem(u, c);
        return i == null ? RosterJson.notFound("not in the roster") : Response.ok(RosterJson.view(i)).build();
    }

    @PUT
    @Path("{contact}")
    public Response putItem(@PathParam("username") String username, @PathParam("contact") String contact, Item body) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        Item i = new Item(u, contact, body == null ? null : body.name(), body == null ? null : body.groups(),
                body == null ? null : body.subscription());
        try {
            return Response.ok(RosterJson.view(rosters.manager().adminSet(u, RosterJson.adminItem(i)))).build();
        } catch (RosterManager.RosterFullException e) {
            return RosterJson.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            return RosterJson.bad(e.getMessage());
        }
    }

    @DELETE
    @Path("{contact}")
    public Response deleteItem(@PathParam("username") String username, @PathParam("contact") String contact) {
        String u = existingUser(username);
        if (u == null) return RosterJson.notFound("no such user");
        Jid c = Jid.parseOrNull(contact);
        if (c == null || !rosters.manager().adminRemove(u, c)) return RosterJson.notFound("not in the roster");
        return Response.noContent().build();
    }

    private String existingUser(String username) {
        String u = RosterJson.username(username, settings.domain());
        return u != null && accounts.exists(u) ? u : null;
    }
}
