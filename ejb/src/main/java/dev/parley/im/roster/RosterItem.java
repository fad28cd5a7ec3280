package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One contact in a user's roster (RFC 6121 §2.1.2), immutable: JID, optional name, ordered groups, the
 * subscription state of Appendix A.1 and the pre-approval flag of §3.4.
 *
 * <p>A <em>hidden</em> item is not part of the roster: it is the record of an inbound subscription request from a
 * contact the user has not put in the roster (state "None + Pending In"; §3.1.3 forbids creating a roster item
 * for it). Hidden items are never returned in a roster result nor pushed, and {@link #toElement()} refuses them.
 */
public final class RosterItem {

    /** The roster namespace, {@code jabber:iq:roster}. */
    public static final String NS = "jabber:iq:roster";

    private final Jid jid;
    private final String name;
    private final Set<String> groups;
    private final SubscriptionState state;
    private final boolean approved;
    private final boolean hidden;

    /**
     * @param jid      the contact's JID
     * @param name     the user's name for the contact, or null
     * @param groups   group names in order; duplicates collapse
     * @param state    the subscription state
     * @param approved whether the user has pre-approved the contact; dropped where the state cannot carry one
     *                 ({@link SubscriptionState#canCarryPreApproval()})
     */
    public RosterItem(Jid jid, String name, Collection<String> groups, SubscriptionState state, boolean approved) {
        this(jid, name, groups, state, approved, false);
    }

    private RosterItem(Jid jid, String name, Collection<String> groups, SubscriptionState state, boolean approved,
                       boolean hidden) {
        this.jid = Objects.requireNonNull(jid, "jid");
        this.name = name;
        this.groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        this.state = Objects.requireNonNull(state, "state");
        this.approved = approved && state.canCarryPreApproval();
        if (hidden && state != SubscriptionState.NONE_PENDING_IN) {
            throw new IllegalArgumentException("only a pending inbound request can be kept outside the roster");
        }
        this.hidden = hidden;
    }

    /** A new item for that contact: no name, no groups, state "None", not pre-approved. */
    public static RosterItem of(Jid jid) {
        return new RosterItem(jid, null, Set.of(), SubscriptionState.NONE, false);
    }

    /** The hidden record of a request from a contact who is not in the roster. */
    public static RosterItem pendingInOnly(Jid jid) {
        return new RosterItem(jid, null, Set.of(), SubscriptionState.NONE_PENDING_IN, false, true);
    }

    public Jid jid() { return jid; }
    /** The user's name for the contact, or null. */
    public String name() { return name; }
    /** Group names, in order, unmodifiable. */
    public Set<String> groups() { return groups; }
    public SubscriptionState state() { return state; }
    /** Whether a pre-approval is recorded (RFC 6121 §3.4); shown as {@code approved='true'}. */
    public boolean approved() { return approved; }
    /** True for the record of a request from a contact outside the roster; such items are never shown. */
    public boolean hidden() { return hidden; }

    public RosterItem withName(String name) { return new RosterItem(jid, name, groups, state, approved, hidden); }

    public RosterItem withGroups(Collection<String> groups) { return new RosterItem(jid, name, groups, state, approved, hidden); }

    public RosterItem withSubscription(SubscriptionState state, boolean approved) {
        return new RosterItem(jid, name, groups, state, approved, hidden);
    }

    /** The same item, kept outside the roster ({@code true}) or put into it ({@code false}). */
    public RosterItem withHidden(boolean hidden) {
        return hidden == this.hidden ? this : new RosterItem(jid, name, groups, state, approved, hidden);
    }

    /**
     * The item as the server sends it in a roster result or push (RFC 6121 §2.1.2):
     * {@code <item jid name? subscription ask? approved?><group/>*</item>}. {@code ask} appears only as
     * {@code subscribe} (§2.1.2.2) and {@code approved} only when true (§2.1.2.1).
     *
     * @throws IllegalStateException for a hidden item, which must never reach a client
     */
    public Element toElement() {
        if (hidden) throw new IllegalStateException("a hidden item is not part of the roster: " + jid);
        Element item = new Element("item", NS).attr("jid", jid.toString());
        if (name != null) item.attr("name", name);
        item.attr("subscription", state.subscription());
        if (state.askSubscribe()) item.attr("ask", "subscribe");
        if (approved) item.attr("approved", "true");
        for (String g : groups) item.addChild("group", NS).text(g);
        return item;
    }

    /** The item of a roster push announcing a removal: {@code <item jid subscription='remove'/>} (§2.5.3). */
    public static Element removalElement(Jid jid) {
        return new Element("item", NS).attr("jid", jid.toString()).attr("subscription", "remove");
    }

    @Override public boolean equals(Object o) {
        return o instanceof RosterItem r && jid.equals(r.jid) && Objects.equals(name, r.name)
                && List.copyOf(groups).equals(List.copyOf(r.groups)) // order matters
                && state == r.state && approved == r.approved && hidden == r.hidden;
    }

    @Override public int hashCode() { return Objects.hash(jid, name, groups, state, approved, hidden); }

    @Override public String toString() {
        return "RosterItem[" + jid + (name != null ? " '" + name + "'" : "") + " " + groups + " " + state.rfcName()
                + (approved ? " approved" : "") + (hidden ? " hidden" : "") + "]";
    }
}
