package dev.parley.im.roster;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One cell of the {@link SubscriptionTable}: the state and pre-approval flag after a subscription-related
 * presence stanza, and what the server must do.
 *
 * @param newState     the subscription state afterwards
 * @param newApproved  whether a pre-approval (RFC 6121 §3.4) is recorded afterwards
 * @param actions      what to do, in {@link SubscriptionAction} declaration order; never empty
 * @param stateChanged whether the stored state or pre-approval changed (and so must be saved)
 */
public record Transition(SubscriptionState newState, boolean newApproved, Set<SubscriptionAction> actions,
                         boolean stateChanged) {

    public Transition {
        Objects.requireNonNull(newState, "newState");
        if (actions.isEmpty()) throw new IllegalArgumentException("a transition has at least one action");
        actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
        if (actions.contains(SubscriptionAction.IGNORE) && (actions.size() > 1 || stateChanged)) {
            throw new IllegalArgumentException("IGNORE stands alone and changes nothing");
        }
        if (newApproved && !newState.canCarryPreApproval()) {
            throw new IllegalArgumentException("no pre-approval in state " + newState.rfcName());
        }
    }

    public boolean has(SubscriptionAction action) { return actions.contains(action); }

    /** True when the stanza is to be dropped without any effect. */
    public boolean ignored() { return actions.contains(SubscriptionAction.IGNORE); }
}
