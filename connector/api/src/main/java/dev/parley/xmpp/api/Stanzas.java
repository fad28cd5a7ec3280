package dev.parley.xmpp.api;

import dev.parley.xmpp.xml.Element;

/** Builders for stanza errors (RFC 6120 §8.3) and IQ results. */
public final class Stanzas {
    private Stanzas() { }

    /** The error types of RFC 6120 §8.3.2. */
    public static final String CANCEL = "cancel", MODIFY = "modify", AUTH = "auth", WAIT = "wait", CONTINUE = "continue";

    /**
     * The error reply to {@code stanza}: same name and id, to/from swapped, the original payload
     * included (RFC 6120 §8.3.1 allows it), type 'error'. Never call this for a stanza of type 'error'.
     */
    public static Element error(Element stanza, String type, String condition, String text) {
        Element e = new Element(stanza.name(), stanza.namespace());
        String id = stanza.attr("id");
        if (id != null) e.attr("id", id);
        e.attr("type", "error");
        String from = stanza.attr("from");
        String to = stanza.attr("to");
        if (from != null) e.attr("to", from);
        if (to != null) e.attr("from", to);
        for (Element c : stanza.elements()) e.add(c);
        Element err = e.addChild("error", stanza.namespace());
        err.attr("type", type);
        err.addChild(condition, Ns.STANZA_ERRORS);
        if (text != null) err.addChild("text", Ns.STANZA_ERRORS).attr(Element.XML_LANG, "en").text(text);
        return e;
    }

    public static Element error(Element stanza, String type, String condition) { return error(stanza, type, condition, null); }

    /** An empty IQ result for an IQ get/set. */
    public static Element result(Element iq) {
        Element r = new Element("iq", iq.namespace());
        r.attr("type", "result");
        r.attr("id", iq.attr("id"));
        if (iq.attr("from") != null) r.attr("to", iq.attr("from"));
        if (iq.attr("to") != null) r.attr("from", iq.attr("to"));
        return r;
    }

    public static boolean isError(Element stanza) { return "error".equals(stanza.attr("type")); }
}
