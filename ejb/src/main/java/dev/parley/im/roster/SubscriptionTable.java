package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;

import static dev.parley.im.roster.SubscriptionAction.AUTO_REPLY_SUBSCRIBED;
import static dev.parley.im.roster.SubscriptionAction.CANCEL_PRE_APPROVAL;
import static dev.parley.im.roster.SubscriptionAction.CONSUME_PRE_APPROVAL;
import static dev.parley.im.roster.SubscriptionAction.DELIVER_TO_INTERESTED;
import static dev.parley.im.roster.SubscriptionAction.DELIVER_TO_USER;
import static dev.parley.im.roster.SubscriptionAction.IGNORE;
import static dev.parley.im.roster.SubscriptionAction.RECORD_PRE_APPROVAL;
import static dev.parley.im.roster.SubscriptionAction.ROSTER_PUSH;
import static dev.parley.im.roster.SubscriptionAction.ROUTE;
import static dev.parley.im.roster.SubscriptionAction.SEND_AVAILABLE_PRESENCE;
import static dev.parley.im.roster.SubscriptionAction.SEND_UNAVAILABLE_PRESENCE;
import static dev.parley.im.roster.SubscriptionState.BOTH;
import static dev.parley.im.roster.SubscriptionState.FROM;
import static dev.parley.im.roster.SubscriptionState.FROM_PENDING_OUT;
import static dev.parley.im.roster.SubscriptionState.NONE;
import static dev.parley.im.roster.SubscriptionState.NONE_PENDING_IN;
import static dev.parley.im.roster.SubscriptionState.NONE_PENDING_OUT;
import static dev.parley.im.roster.SubscriptionState.NONE_PENDING_OUT_IN;
import static dev.parley.im.roster.SubscriptionState.TO;
import static dev.parley.im.roster.SubscriptionState.TO_PENDING_IN;

/**
 * The subscription state machine of RFC 6121 Appendix A.2 (outbound) and A.3 (inbound), as seen by the
 * <em>user's</em> server, written as eight tables with one row per existing state, and a second row for the
 * states that can carry a pre-approval (§3.4): "None", "None + Pending Out" and "To".
 *
 * <p>The appendix gives only the new state and a route/deliver flag; the actions in each cell come from the
 * prose of §3.1-§3.4 cited beside it. Rules applied throughout:
 * <ul>
 *   <li>{@link SubscriptionAction#ROSTER_PUSH} exactly when what a client sees of the item changes
 *       (subscription, ask, approved; §2.1.2). A change of pending-in alone is not pushed: the roster has no
 *       attribute for it, and a contact that is not in the roster must not be added by an inbound request
 *       (§3.1.3 security warning).</li>
 *   <li>The server advertises pre-approval support ({@link #preApprovalFeature()}), so an outbound
 *       "subscribed" without a pending request records a pre-approval rather than being dropped (§3.4.2).</li>
 *   <li>A contact absent from the roster is in state "None" without pre-approval (A.1).</li>
 *   <li>A pre-approval flag on a state that cannot carry one (see {@link SubscriptionState#canCarryPreApproval()})
 *       is meaningless and read as false.</li>
 * </ul>
 * {@link #applyOutbound(RosterItem, Jid, PresenceType)} and {@link #applyInbound(RosterItem, Jid, PresenceType)}
 * put a table cell to work on a stored item, including the hidden record that remembers a request from a contact
 * who is not in the roster.
 */
public final class SubscriptionTable {

    /** Namespace of the stream feature {@code <sub xmlns='urn:xmpp:features:pre-approval'/>} (RFC 6121 §3.4). */
    public static final String PRE_APPROVAL_NS = "urn:xmpp:features:pre-approval";

    private static final boolean PLAIN = false;
    private static final boolean APPROVED = true;

    private SubscriptionTable() { }

    /** The stream feature that advertises support for subscription pre-approval (§3.4). */
    public static Element preApprovalFeature() { return new Element("sub", PRE_APPROVAL_NS); }

    // ---------------------------------------------------------------------------------------------------------
    // A.2 Outbound: the user sends the stanza to the contact.
    // Columns: existing state, pre-approved? -> new state, pre-approved? : actions      // where the RFC says so
    // ---------------------------------------------------------------------------------------------------------

    /** A.2.1 Outbound "subscribe". §3.1.2: always stamped and routed (a contact's server out of sync auto-replies, §3.1.3 rule 2). */
    private static final Cell[] OUTBOUND_SUBSCRIBE = {
        cell(NONE,                PLAIN,    NONE_PENDING_OUT,    PLAIN,    ROUTE, ROSTER_PUSH),    // §3.1.2: push with ask='subscribe'; creates the item if absent
        cell(NONE,                APPROVED, NONE_PENDING_OUT,    APPROVED, ROUTE, ROSTER_PUSH),    // §3.1.2; the pre-approval is untouched (it is about the other direction)
        cell(NONE_PENDING_OUT,    PLAIN,    NONE_PENDING_OUT,    PLAIN,    ROUTE),                 // §3.1.2: a resent request; item unchanged
        cell(NONE_PENDING_OUT,    APPROVED, NONE_PENDING_OUT,    APPROVED, ROUTE),                 // §3.1.2
        cell(NONE_PENDING_IN,     PLAIN,    NONE_PENDING_OUT_IN, PLAIN,    ROUTE, ROSTER_PUSH),    // §3.1.2: ask appears; a hidden record becomes a roster item
        cell(NONE_PENDING_OUT_IN, PLAIN,    NONE_PENDING_OUT_IN, PLAIN,    ROUTE),                 // §3.1.2
        cell(TO,                  PLAIN,    TO,                  PLAIN,    ROUTE),                 // §3.1.2 + §3.1.3 rule 2: the contact's server answers 'subscribed'
        cell(TO,                  APPROVED, TO,                  APPROVED, ROUTE),                 // §3.1.2
        cell(TO_PENDING_IN,       PLAIN,    TO_PENDING_IN,       PLAIN,    ROUTE),                 // §3.1.2
        cell(FROM,                PLAIN,    FROM_PENDING_OUT,    PLAIN,    ROUTE, ROSTER_PUSH),    // §3.1.2: ask appears
        cell(FROM_PENDING_OUT,    PLAIN,    FROM_PENDING_OUT,    PLAIN,    ROUTE),                 // §3.1.2
        cell(BOTH,                PLAIN,    BOTH,                PLAIN,    ROUTE),                 // §3.1.2
    };

    /** A.2.2 Outbound "subscribed": an approval (§3.1.5) or, with nothing pending in, a pre-approval (§3.4.2). */
    private static final Cell[] OUTBOUND_SUBSCRIBED = {
        cell(NONE,                PLAIN,    NONE,                APPROVED, RECORD_PRE_APPROVAL, ROSTER_PUSH),     // §3.4.2 rules 3-4: note it, push, MUST NOT route
        cell(NONE,                APPROVED, NONE,                APPROVED, IGNORE),                               // §3.4.2 rule 3: already noted, nothing to route or push
        cell(NONE_PENDING_OUT,    PLAIN,    NONE_PENDING_OUT,    APPROVED, RECORD_PRE_APPROVAL, ROSTER_PUSH),     // §3.4.2 rule 3
        cell(NONE_PENDING_OUT,    APPROVED, NONE_PENDING_OUT,    APPROVED, IGNORE),                               // §3.4.2 rule 3
        cell(NONE_PENDING_IN,     PLAIN,    FROM,                PLAIN,    ROUTE, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE), // §3.4.2 rule 2 -> §3.1.5; a hidden record becomes a roster item
        cell(NONE_PENDING_OUT_IN, PLAIN,    FROM_PENDING_OUT,    PLAIN,    ROUTE, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE), // §3.4.2 rule 2 -> §3.1.5
        cell(TO,                  PLAIN,    TO,                  APPROVED, RECORD_PRE_APPROVAL, ROSTER_PUSH),     // §3.4.2 rule 3
        cell(TO,                  APPROVED, TO,                  APPROVED, IGNORE),                               // §3.4.2 rule 3
        cell(TO_PENDING_IN,       PLAIN,    BOTH,                PLAIN,    ROUTE, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE), // §3.4.2 rule 2 -> §3.1.5
        cell(FROM,                PLAIN,    FROM,                PLAIN,    IGNORE),                               // §3.4.2 rule 1: silently ignore
        cell(FROM_PENDING_OUT,    PLAIN,    FROM_PENDING_OUT,    PLAIN,    IGNORE),                               // §3.4.2 rule 1
        cell(BOTH,                PLAIN,    BOTH,                PLAIN,    IGNORE),                               // §3.4.2 rule 1
    };

    /** A.2.3 Outbound "unsubscribe": the user ends (or withdraws the request for) a subscription to the contact. §3.3.2: always routed. */
    private static final Cell[] OUTBOUND_UNSUBSCRIBE = {
        cell(NONE,                PLAIN,    NONE,                PLAIN,    ROUTE),                 // §3.3.2
        cell(NONE,                APPROVED, NONE,                APPROVED, ROUTE),                 // §3.3.2; the pre-approval concerns the other direction
        cell(NONE_PENDING_OUT,    PLAIN,    NONE,                PLAIN,    ROUTE, ROSTER_PUSH),    // §3.3.2: ask removed
        cell(NONE_PENDING_OUT,    APPROVED, NONE,                APPROVED, ROUTE, ROSTER_PUSH),    // §3.3.2
        cell(NONE_PENDING_IN,     PLAIN,    NONE_PENDING_IN,     PLAIN,    ROUTE),                 // §3.3.2: nothing to change
        cell(NONE_PENDING_OUT_IN, PLAIN,    NONE_PENDING_IN,     PLAIN,    ROUTE, ROSTER_PUSH),    // §3.3.2: ask removed
        cell(TO,                  PLAIN,    NONE,                PLAIN,    ROUTE, ROSTER_PUSH),    // §3.3.2: subscription 'none'
        cell(TO,                  APPROVED, NONE,                APPROVED, ROUTE, ROSTER_PUSH),    // §3.3.2
        cell(TO_PENDING_IN,       PLAIN,    NONE_PENDING_IN,     PLAIN,    ROUTE, ROSTER_PUSH),    // §3.3.2
        cell(FROM,                PLAIN,    FROM,                PLAIN,    ROUTE),                 // §3.3.2: nothing to change
        cell(FROM_PENDING_OUT,    PLAIN,    FROM,                PLAIN,    ROUTE, ROSTER_PUSH),    // §3.3.2: ask removed
        cell(BOTH,                PLAIN,    FROM,                PLAIN,    ROUTE, ROSTER_PUSH),    // §3.3.2: subscription 'from'
    };

    /** A.2.4 Outbound "unsubscribed": the user denies a request or cancels the contact's subscription (§3.2.1-§3.2.2). */
    private static final Cell[] OUTBOUND_UNSUBSCRIBED = {
        cell(NONE,                PLAIN,    NONE,                PLAIN,    IGNORE),                                  // §3.2.2 rule 1: SHOULD NOT route, no change
        cell(NONE,                APPROVED, NONE,                PLAIN,    CANCEL_PRE_APPROVAL, ROSTER_PUSH),        // §3.2.2 rule 2: remove pre-approval, MUST NOT route
        cell(NONE_PENDING_OUT,    PLAIN,    NONE_PENDING_OUT,    PLAIN,    IGNORE),                                  // §3.2.2 rule 1
        cell(NONE_PENDING_OUT,    APPROVED, NONE_PENDING_OUT,    PLAIN,    CANCEL_PRE_APPROVAL, ROSTER_PUSH),        // §3.2.2 rule 2
        cell(NONE_PENDING_IN,     PLAIN,    NONE,                PLAIN,    ROUTE),                                   // §3.1.4/§3.2.2 rule 3: denial; the record of the request goes
        cell(NONE_PENDING_OUT_IN, PLAIN,    NONE_PENDING_OUT,    PLAIN,    ROUTE),                                   // §3.2.2 rule 3: denial
        cell(TO,                  PLAIN,    TO,                  PLAIN,    IGNORE),                                  // §3.2.2 rule 1
        cell(TO,                  APPROVED, TO,                  PLAIN,    CANCEL_PRE_APPROVAL, ROSTER_PUSH),        // §3.2.2 rule 2
        cell(TO_PENDING_IN,       PLAIN,    TO,                  PLAIN,    ROUTE),                                   // §3.2.2 rule 3: denial
        cell(FROM,                PLAIN,    NONE,                PLAIN,    SEND_UNAVAILABLE_PRESENCE, ROUTE, ROSTER_PUSH), // §3.2.2 rule 3: unavailable first, then route, push
        cell(FROM_PENDING_OUT,    PLAIN,    NONE_PENDING_OUT,    PLAIN,    SEND_UNAVAILABLE_PRESENCE, ROUTE, ROSTER_PUSH), // §3.2.2 rule 3
        cell(BOTH,                PLAIN,    TO,                  PLAIN,    SEND_UNAVAILABLE_PRESENCE, ROUTE, ROSTER_PUSH), // §3.2.2 rule 3
    };

    // ---------------------------------------------------------------------------------------------------------
    // A.3 Inbound: the contact's stanza arrives for the user.
    // ---------------------------------------------------------------------------------------------------------

    /** A.3.1 Inbound "subscribe" (§3.1.3). */
    private static final Cell[] INBOUND_SUBSCRIBE = {
        cell(NONE,                PLAIN,    NONE_PENDING_IN,     PLAIN,    DELIVER_TO_USER),                    // §3.1.3 rules 3-4; no roster item is created (security warning)
        cell(NONE,                APPROVED, FROM,                PLAIN,    AUTO_REPLY_SUBSCRIBED, CONSUME_PRE_APPROVAL, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE), // §3.1.3 rule 2 + §3.4 -> as §3.1.5
        cell(NONE_PENDING_OUT,    PLAIN,    NONE_PENDING_OUT_IN, PLAIN,    DELIVER_TO_USER),                    // §3.1.3 rules 3-4
        cell(NONE_PENDING_OUT,    APPROVED, FROM_PENDING_OUT,    PLAIN,    AUTO_REPLY_SUBSCRIBED, CONSUME_PRE_APPROVAL, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE), // §3.1.3 rule 2 + §3.4
        cell(NONE_PENDING_IN,     PLAIN,    NONE_PENDING_IN,     PLAIN,    IGNORE),                             // A.3.1: already pending; the kept request is redelivered on the next available presence
        cell(NONE_PENDING_OUT_IN, PLAIN,    NONE_PENDING_OUT_IN, PLAIN,    IGNORE),                             // A.3.1
        cell(TO,                  PLAIN,    TO_PENDING_IN,       PLAIN,    DELIVER_TO_USER),                    // §3.1.3 rules 3-4
        cell(TO,                  APPROVED, BOTH,                PLAIN,    AUTO_REPLY_SUBSCRIBED, CONSUME_PRE_APPROVAL, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE), // §3.1.3 rule 2 + §3.4
        cell(TO_PENDING_IN,       PLAIN,    TO_PENDING_IN,       PLAIN,    IGNORE),                             // A.3.1
        cell(FROM,                PLAIN,    FROM,                PLAIN,    AUTO_REPLY_SUBSCRIBED, SEND_AVAILABLE_PRESENCE), // §3.1.3 rule 2: MUST auto-reply; presence so a resynced contact sees the user
        cell(FROM_PENDING_OUT,    PLAIN,    FROM_PENDING_OUT,    PLAIN,    AUTO_REPLY_SUBSCRIBED, SEND_AVAILABLE_PRESENCE), // §3.1.3 rule 2
        cell(BOTH,                PLAIN,    BOTH,                PLAIN,    AUTO_REPLY_SUBSCRIBED, SEND_AVAILABLE_PRESENCE), // §3.1.3 rule 2
    };

    /** A.3.2 Inbound "subscribed": the contact approves the user's request (§3.1.6); otherwise it MUST be ignored. */
    private static final Cell[] INBOUND_SUBSCRIBED = {
        cell(NONE,                PLAIN,    NONE,                PLAIN,    IGNORE),                             // §3.1.6: no request pending out
        cell(NONE,                APPROVED, NONE,                APPROVED, IGNORE),                             // §3.1.6
        cell(NONE_PENDING_OUT,    PLAIN,    TO,                  PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.1.6: deliver, push subscription 'to'
        cell(NONE_PENDING_OUT,    APPROVED, TO,                  APPROVED, DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.1.6; "To" still carries the pre-approval
        cell(NONE_PENDING_IN,     PLAIN,    NONE_PENDING_IN,     PLAIN,    IGNORE),                             // §3.1.6
        cell(NONE_PENDING_OUT_IN, PLAIN,    TO_PENDING_IN,       PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.1.6
        cell(TO,                  PLAIN,    TO,                  PLAIN,    IGNORE),                             // §3.1.6: already subscribed
        cell(TO,                  APPROVED, TO,                  APPROVED, IGNORE),                             // §3.1.6
        cell(TO_PENDING_IN,       PLAIN,    TO_PENDING_IN,       PLAIN,    IGNORE),                             // §3.1.6
        cell(FROM,                PLAIN,    FROM,                PLAIN,    IGNORE),                             // §3.1.6
        cell(FROM_PENDING_OUT,    PLAIN,    BOTH,                PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.1.6: push subscription 'both'
        cell(BOTH,                PLAIN,    BOTH,                PLAIN,    IGNORE),                             // §3.1.6
    };

    /** A.3.3 Inbound "unsubscribe": the contact ends its subscription to the user, or withdraws its request (§3.3.3). */
    private static final Cell[] INBOUND_UNSUBSCRIBE = {
        cell(NONE,                PLAIN,    NONE,                PLAIN,    IGNORE),                             // A.3.3: nothing to end
        cell(NONE,                APPROVED, NONE,                APPROVED, IGNORE),                             // A.3.3
        cell(NONE_PENDING_OUT,    PLAIN,    NONE_PENDING_OUT,    PLAIN,    IGNORE),                             // A.3.3
        cell(NONE_PENDING_OUT,    APPROVED, NONE_PENDING_OUT,    APPROVED, IGNORE),                             // A.3.3
        cell(NONE_PENDING_IN,     PLAIN,    NONE,                PLAIN,    DELIVER_TO_INTERESTED),              // §3.3.3: request withdrawn; a hidden record is simply removed
        cell(NONE_PENDING_OUT_IN, PLAIN,    NONE_PENDING_OUT,    PLAIN,    DELIVER_TO_INTERESTED),              // §3.3.3
        cell(TO,                  PLAIN,    TO,                  PLAIN,    IGNORE),                             // A.3.3
        cell(TO,                  APPROVED, TO,                  APPROVED, IGNORE),                             // A.3.3
        cell(TO_PENDING_IN,       PLAIN,    TO,                  PLAIN,    DELIVER_TO_INTERESTED),              // §3.3.3
        cell(FROM,                PLAIN,    NONE,                PLAIN,    SEND_UNAVAILABLE_PRESENCE, DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.3.3: deliver, push 'none', unavailable to the contact
        cell(FROM_PENDING_OUT,    PLAIN,    NONE_PENDING_OUT,    PLAIN,    SEND_UNAVAILABLE_PRESENCE, DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.3.3
        cell(BOTH,                PLAIN,    TO,                  PLAIN,    SEND_UNAVAILABLE_PRESENCE, DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.3.3: push 'to'
    };

    /** A.3.4 Inbound "unsubscribed": the contact denies the user's request or cancels the user's subscription (§3.2.3). */
    private static final Cell[] INBOUND_UNSUBSCRIBED = {
        cell(NONE,                PLAIN,    NONE,                PLAIN,    IGNORE),                             // §3.2.3: nothing to cancel
        cell(NONE,                APPROVED, NONE,                APPROVED, IGNORE),                             // §3.2.3
        cell(NONE_PENDING_OUT,    PLAIN,    NONE,                PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3: request denied, ask removed
        cell(NONE_PENDING_OUT,    APPROVED, NONE,                APPROVED, DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3; the user's own pre-approval stays
        cell(NONE_PENDING_IN,     PLAIN,    NONE_PENDING_IN,     PLAIN,    IGNORE),                             // §3.2.3
        cell(NONE_PENDING_OUT_IN, PLAIN,    NONE_PENDING_IN,     PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3
        cell(TO,                  PLAIN,    NONE,                PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3: push subscription 'none'
        cell(TO,                  APPROVED, NONE,                APPROVED, DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3
        cell(TO_PENDING_IN,       PLAIN,    NONE_PENDING_IN,     PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3
        cell(FROM,                PLAIN,    FROM,                PLAIN,    IGNORE),                             // §3.2.3
        cell(FROM_PENDING_OUT,    PLAIN,    FROM,                PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3
        cell(BOTH,                PLAIN,    FROM,                PLAIN,    DELIVER_TO_INTERESTED, ROSTER_PUSH), // §3.2.3: push subscription 'from'
    };

    private static final Map<PresenceType, Transition[]> OUTBOUND = new EnumMap<>(Map.of(
            PresenceType.SUBSCRIBE, index("A.2.1", OUTBOUND_SUBSCRIBE),
            PresenceType.SUBSCRIBED, index("A.2.2", OUTBOUND_SUBSCRIBED),
            PresenceType.UNSUBSCRIBE, index("A.2.3", OUTBOUND_UNSUBSCRIBE),
            PresenceType.UNSUBSCRIBED, index("A.2.4", OUTBOUND_UNSUBSCRIBED)));

    private static final Map<PresenceType, Transition[]> INBOUND = new EnumMap<>(Map.of(
            PresenceType.SUBSCRIBE, index("A.3.1", INBOUND_SUBSCRIBE),
            PresenceType.SUBSCRIBED, index("A.3.2", INBOUND_SUBSCRIBED),
            PresenceType.UNSUBSCRIBE, index("A.3.3", INBOUND_UNSUBSCRIBE),
            PresenceType.UNSUBSCRIBED, index("A.3.4", INBOUND_UNSUBSCRIBED)));

    /**
     * The user sends a presence stanza of that type to the contact (RFC 6121 A.2).
     *
     * @param state    the contact's current state in the user's roster ({@link SubscriptionState#NONE} if absent)
     * @param approved whether the user has pre-approved the contact; ignored where no pre-approval can exist
     */
    public static Transition outbound(SubscriptionState state, boolean approved, PresenceType type) {
        return lookup(OUTBOUND, state, approved, type);
    }

    /**
     * The contact's presence stanza of that type arrives for the user (RFC 6121 A.3).
     *
     * @param state    the contact's current state in the user's roster ({@link SubscriptionState#NONE} if absent)
     * @param approved whether the user has pre-approved the contact; ignored where no pre-approval can exist
     */
    public static Transition inbound(SubscriptionState state, boolean approved, PresenceType type) {
        return lookup(INBOUND, state, approved, type);
    }

    /**
     * The user sends that stanza to the contact: the table cell applied to the stored item.
     *
     * @param item    the user's stored item for the contact, hidden or not, or null if there is none
     * @param contact the contact's bare JID (used when {@code item} is null)
     */
    public static ItemUpdate applyOutbound(RosterItem item, Jid contact, PresenceType type) {
        SubscriptionState state = item == null ? NONE : item.state();
        return ItemUpdate.of(item, contact, outbound(state, item != null && item.approved(), type));
    }

    /**
     * The contact's stanza arrives for the user: the table cell applied to the stored item.
     *
     * @param item    the user's stored item for the contact, hidden or not, or null if there is none
     * @param contact the contact's bare JID (used when {@code item} is null)
     */
    public static ItemUpdate applyInbound(RosterItem item, Jid contact, PresenceType type) {
        SubscriptionState state = item == null ? NONE : item.state();
        return ItemUpdate.of(item, contact, inbound(state, item != null && item.approved(), type));
    }

    /**
     * A transition applied to a stored item.
     *
     * <p>Visibility: an item is part of the roster once the user has put it there (roster set, outbound request,
     * approval or pre-approval: every such cell carries {@link SubscriptionAction#ROSTER_PUSH}). An inbound request
     * from a contact who is not in the roster leaves only a <em>hidden</em> record in "None + Pending In"
     * (RFC 6121 A.1, §3.1.3 security warning): it is never returned in the roster nor pushed, and it disappears
     * when the request is denied or withdrawn.
     *
     * @param before     the stored item before, or null
     * @param after      the item to store afterwards, or null when no record is to be kept (delete {@code before})
     * @param transition the table cell; its {@code ROSTER_PUSH} is to be carried out with {@code after}
     */
    public record ItemUpdate(RosterItem before, RosterItem after, Transition transition) {

        static ItemUpdate of(RosterItem before, Jid contact, Transition t) {
            boolean inRoster = (before != null && !before.hidden()) || t.has(ROSTER_PUSH);
            RosterItem after;
            if (!inRoster && t.newState() == NONE && !t.newApproved()) {
                after = null;
            } else {
                RosterItem base = before != null ? before : RosterItem.of(Objects.requireNonNull(contact, "contact"));
                after = base.withHidden(false).withSubscription(t.newState(), t.newApproved()).withHidden(!inRoster);
            }
            return new ItemUpdate(before, after, t);
        }

        /** Whether the stored record changed (including its creation, removal or unhiding). */
        public boolean storeChanged() { return !Objects.equals(before, after); }
    }

    // ---------------------------------------------------------------------------------------------------------

    private record Cell(SubscriptionState state, boolean approved, Transition transition) { }

    private static Cell cell(SubscriptionState from, boolean fromApproved, SubscriptionState to, boolean toApproved,
                             SubscriptionAction first, SubscriptionAction... rest) {
        boolean changed = from != to || fromApproved != toApproved;
        return new Cell(from, fromApproved, new Transition(to, toApproved, EnumSet.of(first, rest), changed));
    }

    private static int slot(SubscriptionState state, boolean approved) { return state.ordinal() * 2 + (approved ? 1 : 0); }

    /** Lays the rows out by (state, approved), checking that every possible row is given exactly once. */
    private static Transition[] index(String table, Cell[] cells) {
        Transition[] byState = new Transition[SubscriptionState.values().length * 2];
        for (Cell c : cells) {
            if (c.approved && !c.state.canCarryPreApproval()) {
                throw new IllegalStateException(table + ": no pre-approval in " + c.state.rfcName());
            }
            int i = slot(c.state, c.approved);
            if (byState[i] != null) throw new IllegalStateException(table + ": duplicate row " + c.state.rfcName());
            byState[i] = c.transition;
        }
        for (SubscriptionState s : SubscriptionState.values()) {
            if (byState[slot(s, false)] == null || (s.canCarryPreApproval() && byState[slot(s, true)] == null)) {
                throw new IllegalStateException(table + ": missing row " + s.rfcName());
            }
        }
        return byState;
    }

    private static Transition lookup(Map<PresenceType, Transition[]> tables, SubscriptionState state,
                                     boolean approved, PresenceType type) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(type, "type");
        return tables.get(type)[slot(state, approved && state.canCarryPreApproval())];
    }
}
