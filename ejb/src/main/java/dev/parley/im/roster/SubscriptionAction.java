package dev.parley.im.roster;

/**
 * What the user's server must do after processing one subscription-related presence stanza
 * (RFC 6121 §3.1–§3.4, Appendix A). "User" is the roster owner whose server processes the stanza;
 * "contact" is the other party.
 *
 * <p>The declaration order is the order in which the actions are to be carried out, so iterating the
 * {@link java.util.EnumSet} of a {@link Transition} gives a correct sequence; notably unavailable presence goes
 * out before the "unsubscribed" that ends the contact's subscription (§3.2.2), and the user's current presence
 * goes out after the "subscribed" that grants it (§3.1.5).
 */
public enum SubscriptionAction {
    /**
     * The stanza is neither routed nor delivered and nothing changes: the cells where the RFC says the server
     * MUST NOT route, MUST ignore, or has nothing to deliver. Always alone in its set.
     */
    IGNORE,
    /** A pre-approval is recorded: {@code approved} becomes true and the stanza is not routed (§3.4.2 rules 3-4). */
    RECORD_PRE_APPROVAL,
    /** An inbound request is approved automatically from a recorded pre-approval, which is used up (§3.1.3 rule 2, §3.4). */
    CONSUME_PRE_APPROVAL,
    /** An outbound "unsubscribed" removes the pre-approval and is not routed (§3.2.2 rule 2). */
    CANCEL_PRE_APPROVAL,
    /**
     * Send presence of type "unavailable" from each of the user's available resources to the contact, whose
     * subscription to the user ends: before routing an outbound "unsubscribed" (§3.2.2), or on an inbound
     * "unsubscribe" (§3.3.3).
     */
    SEND_UNAVAILABLE_PRESENCE,
    /**
     * Outbound: stamp the stanza with the user's bare JID and deliver it locally or route it to the contact's
     * domain (§3.1.2, §3.1.5, §3.2.2, §3.3.2). A local contact's server then processes it as inbound.
     */
    ROUTE,
    /**
     * Answer an inbound "subscribe" with presence of type "subscribed" from the user's bare JID to the contact's
     * bare JID, on the user's behalf, without bothering the user (§3.1.3 rule 2: the contact already has a
     * subscription, or the user pre-approved it).
     */
    AUTO_REPLY_SUBSCRIBED,
    /**
     * Inbound "subscribe": deliver the request to all of the user's available resources. The complete stanza is
     * kept with the pending-in state and delivered again whenever the user next becomes available, until the user
     * approves or denies it; with no available resource it simply waits (§3.1.3 rules 3-4).
     */
    DELIVER_TO_USER,
    /** Inbound "subscribed", "unsubscribe" or "unsubscribed": deliver it to all of the user's interested resources (§3.1.6, §3.2.3, §3.3.3). */
    DELIVER_TO_INTERESTED,
    /**
     * Push the changed roster item to all of the user's interested resources (§2.1.6). Present exactly when
     * what a client sees of the item (subscription, ask, approved) changes; pending-in alone is never pushed.
     */
    ROSTER_PUSH,
    /**
     * Send the user's current presence from each of the user's available resources to the contact, who has just
     * been granted a subscription (§3.1.5), or was re-granted one by an automatic reply.
     */
    SEND_AVAILABLE_PRESENCE
}
