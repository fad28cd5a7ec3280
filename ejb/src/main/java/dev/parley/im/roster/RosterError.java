package dev.parley.im.roster;

import dev.parley.xmpp.xml.Element;

import java.util.Objects;

/**
 * Why a roster set was refused: a stanza error condition of RFC 6120 §8.3.3 with its error type, and a
 * human-readable text.
 */
public record RosterError(Condition condition, String text) {

    /** Namespace of the defined stanza error conditions. */
    public static final String STANZAS_NS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    /** The conditions a roster set can be refused with. */
    public enum Condition {
        /** RFC 6121 §2.3.3: not exactly one item, duplicate groups; also a missing {@code jid} attribute. */
        BAD_REQUEST("bad-request", "modify"),
        /** RFC 6121 §2.3.3: empty group, name or group longer than the server's limit. */
        NOT_ACCEPTABLE("not-acceptable", "modify"),
        /** The item's {@code jid} is not a valid address (RFC 6120 §8.3.3.8). */
        JID_MALFORMED("jid-malformed", "modify"),
        /** Refused by local policy (RFC 6120 §8.3.3.10); used only if the user's own JID is configured as refused. */
        NOT_ALLOWED("not-allowed", "cancel");

        private final String elementName;
        private final String type;

        Condition(String elementName, String type) { this.elementName = elementName; this.type = type; }

        /** The condition element's name, e.g. {@code bad-request}. */
        public String elementName() { return elementName; }
        /** The error {@code type} attribute, e.g. {@code modify}. */
        public String type() { return type; }
    }

    public RosterError {
        Objects.requireNonNull(condition, "condition");
    }

    /** {@code <error type='…'><condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/><text …>…</text></error>}. */
    public Element toElement(String stanzaNamespace) {
        Element error = new Element("error", stanzaNamespace).attr("type", condition.type());
        error.addChild(condition.elementName(), STANZAS_NS);
        if (text != null && !text.isEmpty()) error.addChild("text", STANZAS_NS).text(text);
        return error;
    }
}
