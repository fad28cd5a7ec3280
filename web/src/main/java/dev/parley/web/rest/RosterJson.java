package dev.parley.web.rest;

import dev.parley.im.account.AccountService;
import dev.parley.im.roster.RosterItem;
import dev.parley.im.roster.RosterManager;
import dev.parley.im.roster.RosterManager.AdminItem;
import dev.parley.im.roster.SubscriptionState;
import dev.parley.xmpp.jid.Jid;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The JSON shapes of the roster API and their conversions. */
public final class RosterJson {
    private RosterJson() { }

    /** An item as given to the API: {@code subscription} is none, to, from or both (default none). */
    public record Item(String owner, String contact, String name, List<String> groups, String subscription) { }
    public record Items(List<Item> items) { }
    public record ItemView(String jid, String name, List<String> groups, String subscription, boolean ask, boolean approved) { }
    public record RosterView(String username, String ver, List<ItemView> items) { }

    static RosterView view(RosterManager m, String username) {
        return m.cache().read(username, state -> {
            List<ItemView> items = new ArrayList<>();
            for (RosterItem i : state.visibleItems()) items.add(view(i));
            return new RosterView(username, state.ver(), items);
        });
    }

    static ItemView view(RosterItem i) {
        return new ItemView(i.jid().toString(), i.name(), List.copyOf(i.groups()), i.state().subscription(),
                i.state().askSubscribe(), i.approved());
    }

    /** @throws IllegalArgumentException with a message for the client */
    static AdminItem adminItem(Item i) {
        if (i == null || i.contact() == null) throw new IllegalArgumentException("every item needs a contact JID");
        Jid contact = Jid.parseOrNull(i.contact());
        if (contact == null) throw new IllegalArgumentException("invalid contact JID: " + i.contact());
        String sub = i.subscription() == null ? "none" : i.subscription().toLowerCase(Locale.ROOT);
        SubscriptionState state = switch (sub) {
            case "none" -> SubscriptionState.NONE;
            case "to" -> SubscriptionState.TO;
            case "from" -> SubscriptionState.FROM;
            case "both" -> SubscriptionState.BOTH;
            default -> throw new IllegalArgumentException("subscription must be none, to, from or both: " + i.subscription());
        };
        String name = i.name() == null || i.name().isEmpty() ? null : i.name();
        List<String> groups = i.groups() == null ? List.of() : i.groups();
        for (String g : groups) if (g == null || g.isEmpty()) throw new IllegalArgumentException("empty group");
        return new AdminItem(contact, name, groups, state);
    }

    /** The username of an owner given as a username or as a bare JID of this domain, or null. */
    static String username(String owner, String domain) {
        if (owner == null) return null;
        try {
            if (owner.indexOf('@') >= 0) {
                Jid j = Jid.parseOrNull(owner);
                return j == null || j.local() == null || !j.isBare() || !j.domain().equals(domain) ? null : j.local();
            }
            return AccountService.normalize(owner);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Response bad(String why) { return Response.status(400).entity(new ApiError(why)).build(); }
    static Response notFound(String why) { return Response.status(404).entity(new ApiError(why)).build(); }
    static Response conflict(String why) { return Response.status(409).entity(new ApiError(why)).build(); }
}
