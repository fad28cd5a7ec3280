package dev.parley.web.rest;

import dev.parley.im.config.ServerSettings;
import dev.parley.im.roster.RosterManager;
import dev.parley.im.roster.RosterManager.AdminItem;
import dev.parley.im.roster.RosterService;
import dev.parley.web.rest.RosterJson.Item;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk roster provisioning: {@code POST /api/rosters/bulk} with {@code {"items":[{"owner","contact","name",
 * "groups","subscription"}]}}. Items and subscription states are set directly (no subscription stanzas are
 * exchanged), in transactions of {@value #OWNERS_PER_TRANSACTION} owners; existing items are updated. Online
 * interested resources get roster pushes. One user's roster: {@link UserRosterResource}.
 */
@Path("/rosters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RostersResource {
    /** Owners per transaction (with 20 items each, about 5000 rows per transaction). */
    static final int OWNERS_PER_TRANSACTION = 250;

    @Inject RosterService rosters;
    @Inject ServerSettings settings;

    public record BulkItems(List<Item> items) { }
    public record BulkResult(int requested, int changed, int owners, long millis) { }

    @POST
    @Path("bulk")
    public Response bulk(BulkItems req) {
        long t0 = System.nanoTime();
        if (req == null || req.items() == null) return RosterJson.bad("items required");
        Map<String, List<AdminItem>> byOwner = new LinkedHashMap<>();
        for (Item i : req.items()) {
            String owner = i == null ? null : RosterJson.username(i.owner(), settings.domain());
            if (owner == null) return RosterJson.bad("every item needs the owner's username or bare JID: " + (i == null ? null : i.owner()));
            AdminItem a;
            try { a = RosterJson.adminItem(i); } catch (IllegalArgumentException e) { return RosterJson.bad(e.getMessage()); }
            byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(a);
        }
        Set<String> existing = rosters.existingAccounts(byOwner.keySet());
        for (String o : byOwner.keySet()) if (!existing.contains(o)) return RosterJson.bad("no such user: " + o);
        RosterManager m = rosters.manager();
        List<String> owners = new ArrayList<>(byOwner.keySet());
        int changed = 0;
        for (int i = 0; i < owners.size(); i += OWNERS_PER_TRANSACTION) {
            Map<String, List<AdminItem>> chunk = new LinkedHashMap<>();
            for (String o : owners.subList(i, Math.min(owners.size(), i + OWNERS_PER_TRANSACTION))) chunk.put(o, byOwner.get(o));
            changed += m.adminBulk(chunk);
        }
        return Response.ok(new BulkResult(req.items().size(), changed, owners.size(), (System.nanoTime() - t0) / 1_000_000)).build();
    }
}
