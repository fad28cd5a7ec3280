package dev.parley.im.roster;

/**
 * The nine server-side presence subscription states of RFC 6121 Appendix A.1, always described from the
 * perspective of the <em>user</em> (the owner of the roster) towards one <em>contact</em>.
 *
 * <p>"Pending Out" means the user asked the contact for a subscription and the contact has not answered; it is
 * what a client sees as {@code ask='subscribe'}. "Pending In" means the contact asked the user and the user has
 * not answered; it is never shown in the roster (RFC 6121 §2.1.2 has no attribute for it), the server only keeps
 * it so that it can redeliver the request (§3.1.3).
 *
 * <p>A contact that is not in the roster at all is in state {@link #NONE} (A.1: "None" includes the case of an
 * unknown entity). The pre-approval flag of §3.4 is not a state of its own: it is kept beside the state, see
 * {@link RosterItem#approved()} and {@link #canCarryPreApproval()}.
 */
public enum SubscriptionState {
    /** A.1 "None": neither is subscribed and neither has asked. {@code subscription='none'}. */
    NONE("None", "none", false, false),
    /** A.1 "None + Pending Out": the user asked, no reply yet. {@code subscription='none' ask='subscribe'}. */
    NONE_PENDING_OUT("None + Pending Out", "none", true, false),
    /**
     * A.1 "None + Pending In": the contact asked, the user has not replied. {@code subscription='none'}.
     * If the user has no roster item for the contact, the server keeps only a hidden record of the request and
     * MUST NOT create a roster item (§3.1.3 security warning); see {@link RosterItem#hidden()}.
     */
    NONE_PENDING_IN("None + Pending In", "none", false, true),
    /** A.1 "None + Pending Out/In": both asked, neither replied. {@code subscription='none' ask='subscribe'}. */
    NONE_PENDING_OUT_IN("None + Pending Out/In", "none", true, true),
    /** A.1 "To": the user is subscribed to the contact (one way). {@code subscription='to'}. */
    TO("To", "to", false, false),
    /** A.1 "To + Pending In": "To", and the contact asked for a subscription. {@code subscription='to'}. */
    TO_PENDING_IN("To + Pending In", "to", false, true),
    /** A.1 "From": the contact is subscribed to the user (one way). {@code subscription='from'}. */
    FROM("From", "from", false, false),
    /** A.1 "From + Pending Out": "From", and the user asked. {@code subscription='from' ask='subscribe'}. */
    FROM_PENDING_OUT("From + Pending Out", "from", true, false),
    /** A.1 "Both": subscribed to each other. {@code subscription='both'}. */
    BOTH("Both", "both", false, false);

    private final String rfcName;
    private final String subscription;
    private final boolean pendingOut;
    private final boolean pendingIn;

    SubscriptionState(String rfcName, String subscription, boolean pendingOut, boolean pendingIn) {
        this.rfcName = rfcName;
        this.subscription = subscription;
        this.pendingOut = pendingOut;
        this.pendingIn = pendingIn;
    }

    /** The state's name as RFC 6121 Appendix A writes it, e.g. {@code None + Pending Out/In}. */
    public String rfcName() { return rfcName; }

    /** The roster item's {@code subscription} attribute: {@code none}, {@code to}, {@code from} or {@code both}. */
    public String subscription() { return subscription; }

    /** True when the roster item carries {@code ask='subscribe'} (the user's request is pending out). */
    public boolean askSubscribe() { return pendingOut; }

    /** Same as {@link #askSubscribe()}: the user's request to the contact awaits an answer. */
    public boolean pendingOut() { return pendingOut; }

    /** True when the contact's request to the user awaits the user's answer. Never visible in the roster. */
    public boolean pendingIn() { return pendingIn; }

    /** The contact is subscribed to the user's presence: "From", "From + Pending Out" or "Both". */
    public boolean contactSeesMyPresence() { return subscription.equals("from") || subscription.equals("both"); }

    /** The user is subscribed to the contact's presence: "To", "To + Pending In" or "Both". */
    public boolean iSeeContactPresence() { return subscription.equals("to") || subscription.equals("both"); }

    /**
     * Whether a subscription pre-approval (RFC 6121 §3.4) can exist in this state. §3.4.2 records one only in
     * "None", "None + Pending Out" and "To" (rule 3); in a pending-in state the same stanza is an ordinary
     * approval (rule 2) and in a from/both state it is ignored (rule 1). A later inbound request consumes it.
     */
    public boolean canCarryPreApproval() { return !pendingIn && !contactSeesMyPresence(); }

    /** The state with that combination of subscription directions and pending requests. */
    public static SubscriptionState of(boolean to, boolean from, boolean pendingOut, boolean pendingIn) {
        if (to && pendingOut) throw new IllegalArgumentException("pending out while already subscribed to the contact");
        if (from && pendingIn) throw new IllegalArgumentException("pending in while the contact is already subscribed");
        for (SubscriptionState s : values()) {
            if (s.iSeeContactPresence() == to && s.contactSeesMyPresence() == from
                    && s.pendingOut == pendingOut && s.pendingIn == pendingIn) return s;
        }
        throw new AssertionError("unreachable");
    }
}
