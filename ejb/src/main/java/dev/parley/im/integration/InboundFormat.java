package dev.parley.im.integration;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import dev.parley.xmpp.xml.XmppStreamException;
import java.util.Map;
import java.util.Set;

/**
 * Turns what an integrator puts on the inbound queue into a {@code <message/>} stanza (plain Java, no
 * JMS types: the MDB extracts the body and properties). Three formats:
 * <ol>
 *   <li>text that is an XMPP {@code <message/>} element (jabber:client), with 'to' and optionally 'from';</li>
 *   <li>plain text with the JMS properties xmppTo, optionally xmppFrom, xmppType, and a subject;</li>
 *   <li>a MapMessage with the keys to, from, body, subject, thread, type.</li>
 * </ol>
 * A missing 'from' becomes the server's domain. The recipient must be a local account's JID.
 */
public final class InboundFormat {
    private static final Set<String> TYPES = Set.of("chat", "normal", "headline");

    private InboundFormat() { }

    /** Why an inbound message cannot be delivered: a stanza error condition and a human-readable text. */
    public static final class Invalid extends Exception {
        public final String condition;
        public Invalid(String condition, String text) { super(text); this.condition = condition; }
    }

    /** Format 1 or 2: the text body and the message's string properties. */
    public static Element fromText(String text, Map<String, String> props, String domain) throws Invalid {
        if (text == null) text = "";
        if (text.stripLeading().startsWith("<")) {
            Element e;
            try {
                e = XmlParser.parse(text.strip());
            } catch (XmppStreamException ex) {
                throw new Invalid("bad-request", "not a well-formed XMPP stanza: " + ex.getMessage());
            }
            if (!e.is("message", Ns.CLIENT)) throw new Invalid("bad-request", "only <message xmlns='jabber:client'/> stanzas are accepted");
            if (e.attr("to") == null && props.get(JmsNames.P_TO) != null) e.attr("to", props.get(JmsNames.P_TO));
            if (e.attr("from") == null && props.get(JmsNames.P_FROM) != null) e.attr("from", props.get(JmsNames.P_FROM));
            return check(e, domain);
        }
        return build(props.get(JmsNames.P_TO), props.get(JmsNames.P_FROM), props.get(JmsNames.P_TYPE), text,
                props.get("xmppSubject"), props.get("xmppThread"), domain);
    }

    /** Format 3: a map message. */
    public static Element fromMap(Map<String, String> map, String domain) throws Invalid {
        return build(map.get("to"), map.get("from"), map.get("type"), map.get("body"), map.get("subject"), map.get("thread"), domain);
    }

    private static Element build(String to, String from, String type, String body, String subject, String thread, String domain) throws Invalid {
        Element m = new Element("message", Ns.CLIENT);
        if (to != null) m.attr("to", to);
        if (from != null) m.attr("from", from);
        m.attr("type", type == null || type.isBlank() ? "chat" : type);
        if (subject != null) m.addChild("subject", Ns.CLIENT).text(subject);
        if (body != null && !body.isEmpty()) m.addChild("body", Ns.CLIENT).text(body);
        if (thread != null) m.addChild("thread", Ns.CLIENT).text(thread);
        return check(m, domain);
    }

    private static Element check(Element m, String domain) throws Invalid {
        String type = m.attr("type") == null ? "normal" : m.attr("type");
        if (!TYPES.contains(type)) throw new Invalid("bad-request", "type must be chat, normal or headline");
        Jid to = m.attr("to") == null ? null : Jid.parseOrNull(m.attr("to"));
        if (to == null) throw new Invalid("jid-malformed", "a valid 'to' address is required");
        if (to.local() == null || !to.domain().equals(domain)) throw new Invalid("item-not-found", "'to' must be a user of " + domain);
        Jid from;
        if (m.attr("from") == null) from = Jid.of(null, domain, null);
        else if ((from = Jid.parseOrNull(m.attr("from"))) == null) throw new Invalid("jid-malformed", "'from' is not a valid JID");
        m.attr("from", from.toString());
        m.attr("to", to.toString());
        if (m.element("body", Ns.CLIENT) == null && m.element("subject", Ns.CLIENT) == null && m.elements().isEmpty()) {
            throw new Invalid("bad-request", "the message has no content");
        }
        return m;
    }
}
