package dev.parley.im.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a message for a local account goes (RFC 6121 §8.5.2 and §8.5.3): the decision table, in plain
 * Java. It looks only at the message type, the address form and the account's sessions as the router
 * knows them in memory; no storage is consulted, so delivering to an online user never touches the
 * database.
 *
 * <p>Policy choices the RFC leaves open:
 * <ul>
 *   <li>chat and normal to the bare JID (§8.5.2.1.1 option (a), "most available"): the available
 *       resources with the highest non-negative priority; when several share that priority, all of
 *       them get the message;</li>
 *   <li>normal, groupchat and headline to a full JID that is not connected (§8.5.3.2.1 allows ignoring
 *       or an error): a {@code service-unavailable} error, so the sender learns it was not delivered.
 *       Headline to a bare JID without a non-negative resource is dropped: there the RFC says MUST
 *       ignore (§8.5.2.2.1).</li>
 * </ul>
 * Whether the account exists is deliberately not an input: every outcome here is the same for an
 * existing account and for one that does not exist (§8.5.1); only {@link Store} needs to know, and it
 * answers a missing account the same way as a full offline store.
 */
public final class MessageRules {
    private MessageRules() { }

    /** One bound session of the recipient account: available (sent presence, §4.2) and its priority (§4.7.2.3). */
    public record Resource<S>(S session, boolean available, int priority) { }

    public sealed interface Decision<S> permits Deliver, Store, Reject, Drop { }
    /** Deliver the stanza as received to these sessions. */
    public record Deliver<S>(List<S> sessions) implements Decision<S> { }
    /** No resource may receive it: store it offline (XEP-0160), or reject it as service-unavailable. */
    public record Store<S>() implements Decision<S> { }
    /** Answer the sender with this stanza error condition (type cancel). */
    public record Reject<S>(String condition) implements Decision<S> { }
    /** Silently ignore it. */
    public record Drop<S>() implements Decision<S> { }

    public static final String SERVICE_UNAVAILABLE = "service-unavailable";

    /**
     * @param type      the message type
     * @param fullJid   true when the 'to' address has a resourcepart
     * @param exact     the session bound to that full JID, or null (ignored for a bare JID)
     * @param resources every session bound to the account
     */
    public static <S> Decision<S> decide(MessageType type, boolean fullJid, S exact, List<Resource<S>> resources) {
        if (fullJid) {
            // §8.5.3.1: a connected resource that matches gets the message, whatever its priority
            if (exact != null) return new Deliver<>(List.of(exact));
            return switch (type) { // §8.5.3.2.1
                case CHAT -> toBareJid(type, resources);  // SHOULD be treated as if addressed to the bare JID
                case ERROR -> new Drop<>();               // MUST silently ignore
                case NORMAL, GROUPCHAT, HEADLINE -> new Reject<>(SERVICE_UNAVAILABLE);
            };
        }
        return toBareJid(type, resources);
    }

    private static <S> Decision<S> toBareJid(MessageType type, List<Resource<S>> resources) {
        return switch (type) {
            // §8.5.2.1.1 and §8.5.2.2.1: an error addressed to a bare JID is silently ignored
            case ERROR -> new Drop<>();
            // §8.5.2.1.1 and §8.5.2.2.1: never delivered to the resources of a bare JID
            case GROUPCHAT -> new Reject<>(SERVICE_UNAVAILABLE);
            case HEADLINE -> {
                // §8.5.2.1.1: all non-negative resources; §8.5.2.2.1: none, MUST silently ignore
                List<S> all = nonNegative(resources);
                yield all.isEmpty() ? new Drop<>() : new Deliver<>(all);
            }
            case CHAT, NORMAL -> {
                // §8.5.2.1.1: never to a negative priority; if only those remain, as if none were available
                List<S> best = highestPriority(resources);
                yield best.isEmpty() ? new Store<>() : new Deliver<>(best);
            }
        };
    }

    /** Available resources with a priority of zero or more, in registry order. */
    public static <S> List<S> nonNegative(List<Resource<S>> resources) {
        List<S> out = new ArrayList<>(resources.size());
        for (Resource<S> r : resources) if (r.available() && r.priority() >= 0) out.add(r.session());
        return out;
    }

    /** Available resources that share the highest non-negative priority; empty when there is none. */
    public static <S> List<S> highestPriority(List<Resource<S>> resources) {
        int best = -1;
        for (Resource<S> r : resources) if (r.available() && r.priority() > best) best = r.priority();
        if (best < 0) return List.of();
        List<S> out = new ArrayList<>(2);
        for (Resource<S> r : resources) if (r.available() && r.priority() == best) out.add(r.session());
        return out;
    }
}
