package dev.parley.im.vcard;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import java.nio.charset.StandardCharsets;

/** XEP-0054 request checks, in plain Java. */
public final class VCardRules {
    private VCardRules() { }

    /** The payload is a {@code <vCard/>} in the vcard-temp namespace (element names are case-sensitive, XEP-0054 §8). */
    public static boolean isVCard(Element payload) {
        return payload.is("vCard", Ns.VCARD);
    }

    /** The stored form: the element serialized with its namespace declared, so it can be parsed back alone. */
    public static String serialize(Element vcard) {
        return vcard.toXml("");
    }

    /** Whether the serialized vCard fits the configured size limit (UTF-8 octets). */
    public static boolean fits(String serialized, int maxBytes) {
        if (serialized.length() > maxBytes) {
            // every char is at least one octet
            return false;
        }
        return serialized.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
    }

    /** The empty vCard returned for an account's own request when none is stored (XEP-0054 §3.1). */
    public static Element empty() {
        return new Element("vCard", Ns.VCARD);
    }
}
