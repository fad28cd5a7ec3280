package dev.parley.im.message;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** XEP-0160 offline storage rules and the XEP-0203 delay stamp, in plain Java. */
public final class OfflineRules {
    private OfflineRules() { }

    public static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";

    /**
     * Whether a chat or normal message for an account without a usable resource is worth storing
     * (the caller answers {@code service-unavailable} otherwise, RFC 6121 §8.5.2.2.1 (b)):
     * <ul>
     *   <li>not when it carries only XEP-0085 chat states (XEP-0160 §3: SHOULD NOT be stored);</li>
     *   <li>not when the sender added the XEP-0334 {@code <no-store/>} hint.</li>
     * </ul>
     */
    public static boolean worthStoring(Element message) {
        if (message.element("no-store", Carbons.HINTS) != null) return false;
        boolean chatState = false;
        for (Element c : message.elements()) {
            String ns = c.namespace();
            if (ns.equals(CHAT_STATES)) { chatState = true; continue; }
            if (ns.equals(Carbons.HINTS) || c.is("thread", message.namespace())) continue;
            return true; // a body, subject or any other payload
        }
        return !chatState; // an empty message is stored; one with only chat states is not
    }

    /** XEP-0160 §2 step 3: room for one more message while fewer than {@code limit} are stored. */
    public static boolean hasRoom(long stored, int limit) {
        return stored < limit;
    }

    /**
     * The message as it will be handed over: {@code <private/>} removed (XEP-0280 §9) and a
     * {@code <delay/>} from the server's domain with the storage time (XEP-0160 §2, XEP-0203 §3).
     */
    public static Element stamped(Element message, String domain, Instant stored) {
        Element m = Carbons.withoutPrivate(message).shallowCopy();
        m.addChild("delay", Ns.DELAY).attr("from", domain).attr("stamp", stamp(stored)).text("Offline Storage");
        return m;
    }

    /** XEP-0082 DateTime in UTC, to the millisecond. */
    public static String stamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }
}
