package dev.parley.im.message;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

/**
 * XEP-0280 Message Carbons (version 1.0): which messages are copied, and the forwarded copies
 * (XEP-0297). Plain Java; the routing code decides which sessions get them.
 */
public final class Carbons {
    private Carbons() { }

    /** XEP-0334 processing hints. */
    public static final String HINTS = "urn:xmpp:hints";

    /**
     * XEP-0280 §6, the suggested rules: type chat, or type normal with a body. Never a message the sender
     * marked private (§9: {@code <private/>}, or the XEP-0334 {@code <no-copy/>} hint that accompanies
     * it), never an error (we do not track which message an error answers), never groupchat (§6
     * excludes MUC traffic), and never something that already is a carbon.
     */
    public static boolean eligible(Element message) {
        if (excluded(message)) return false;
        if (message.element("sent", Ns.CARBONS) != null || message.element("received", Ns.CARBONS) != null) return false;
        return switch (MessageType.of(message.attr("type"))) {
            case CHAT -> true;
            case NORMAL -> message.element("body", message.namespace()) != null;
            default -> false;
        };
    }

    /** §9: the sender asked that no copy be made. */
    public static boolean excluded(Element message) {
        return message.element("private", Ns.CARBONS) != null || message.element("no-copy", HINTS) != null;
    }

    /** §9: the receiving server SHOULD remove {@code <private/>} before delivering. Returns the same element when there is none. */
    public static Element withoutPrivate(Element message) {
        if (message.element("private", Ns.CARBONS) == null) return message;
        Element copy = message.shallowCopy();
        copy.removeChildren("private", Ns.CARBONS);
        return copy;
    }

    /** Serializes the original message once, as the content of a {@code <forwarded/>} element (XEP-0297). */
    public static String forwardedContent(Element message) {
        return message.toXml(Ns.FORWARD);
    }

    /** §7: the copy of a message the user received, for another of the user's resources. */
    public static String received(Jid user, Jid resource, String type, String forwardedContent) {
        return wrap("received", user, resource, type, forwardedContent);
    }

    /** §8: the copy of a message the user sent, for another of the user's resources. */
    public static String sent(Jid user, Jid resource, String type, String forwardedContent) {
        return wrap("sent", user, resource, type, forwardedContent);
    }

    /**
     * The wrapper: from the user's bare JID (clients MUST ignore carbons from anything else, §11), to the
     * full JID of the resource getting the copy, with the original message's type (§7, §8).
     */
    static String wrap(String direction, Jid user, Jid resource, String type, String forwardedContent) {
        StringBuilder sb = new StringBuilder(forwardedContent.length() + 192);
        sb.append("<message from=\"");
        Element.escape(sb, user.bare().toString(), true);
        sb.append("\" to=\"");
        Element.escape(sb, resource.toString(), true);
        sb.append('"');
        if (type != null) {
            sb.append(" type=\"");
            Element.escape(sb, type, true);
            sb.append('"');
        }
        sb.append("><").append(direction).append(" xmlns=\"").append(Ns.CARBONS).append("\"><forwarded xmlns=\"")
                .append(Ns.FORWARD).append("\">").append(forwardedContent).append("</forwarded></")
                .append(direction).append("></message>");
        return sb.toString();
    }
}
