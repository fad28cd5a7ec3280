package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import static dev.parley.im.roster.RosterError.Condition.BAD_REQUEST;
import static dev.parley.im.roster.RosterError.Condition.JID_MALFORMED;
import static dev.parley.im.roster.RosterError.Condition.NOT_ACCEPTABLE;
import static dev.parley.im.roster.RosterError.Condition.NOT_ALLOWED;

/**
 * Validates the {@code <query xmlns='jabber:iq:roster'/>} of a client's roster set (RFC 6121 §2.3.2, §2.3.3,
 * §2.5) and turns it into a {@link RosterSet}.
 *
 * <ul>
 *   <li>exactly one {@code <item/>}, else {@code bad-request} (§2.3.3);</li>
 *   <li>a {@code jid} attribute, else {@code bad-request}; a valid JID, else {@code jid-malformed};</li>
 *   <li>{@code subscription='remove'} makes a removal (§2.5.2); any other {@code subscription} value, and
 *       {@code ask} and {@code approved}, are ignored: the server owns them (§2.1.2.1, §2.1.2.2, §2.1.2.5);</li>
 *   <li>duplicate groups: {@code bad-request}; an empty group, or a name or group over the configured length:
 *       {@code not-acceptable} (§2.3.3);</li>
 *   <li>the user's own bare JID is accepted by default: §2.3.3 lists every condition on which a roster set is
 *       refused and this is not one of them. A deployment can refuse it ({@code not-allowed}).</li>
 * </ul>
 * An empty {@code name} attribute is read as no name. Lengths are counted in Unicode code points.
 */
public final class RosterItemParser {

    /** Default upper bound for the length of an item name or group name. */
    public static final int DEFAULT_MAX_LENGTH = 1023;

    private final int maxNameLength;
    private final int maxGroupLength;
    private final boolean allowOwnJid;

    /** Limits of {@value #DEFAULT_MAX_LENGTH} characters; the user's own JID allowed. */
    public RosterItemParser() { this(DEFAULT_MAX_LENGTH, DEFAULT_MAX_LENGTH, true); }

    public RosterItemParser(int maxNameLength, int maxGroupLength, boolean allowOwnJid) {
        if (maxNameLength < 1 || maxGroupLength < 1) throw new IllegalArgumentException("limits must be positive");
        this.maxNameLength = maxNameLength;
        this.maxGroupLength = maxGroupLength;
        this.allowOwnJid = allowOwnJid;
    }

    /**
     * @param query the roster set's payload
     * @param user  the roster owner (any resource; compared as bare JID)
     */
    public RosterSet parse(Element query, Jid user) {
        Objects.requireNonNull(user, "user");
        if (query == null || !query.is("query", RosterItem.NS)) return reject(BAD_REQUEST, "not a roster query");
        List<Element> items = query.elements("item", RosterItem.NS);
        if (items.size() != 1) return reject(BAD_REQUEST, "a roster set carries exactly one item");
        Element item = items.get(0);

        String jidAttr = item.attr("jid");
        if (jidAttr == null || jidAttr.isEmpty()) return reject(BAD_REQUEST, "the item has no jid");
        Jid jid = parseJid(jidAttr);
        if (jid == null) return reject(JID_MALFORMED, "not a valid JID: " + jidAttr);

        if ("remove".equals(item.attr("subscription"))) return new RosterSet.Remove(jid);

        if (!allowOwnJid && jid.bare().equals(user.bare())) return reject(NOT_ALLOWED, "the user's own JID");

        String name = item.attr("name");
        if (name != null && name.isEmpty()) name = null;
        if (name != null && length(name) > maxNameLength) {
            return reject(NOT_ACCEPTABLE, "name longer than " + maxNameLength + " characters");
        }

        Set<String> groups = new LinkedHashSet<>();
        for (Element g : item.elements("group", RosterItem.NS)) {
            String group = g.text();
            if (group.isEmpty()) return reject(NOT_ACCEPTABLE, "empty group");
            if (length(group) > maxGroupLength) {
                return reject(NOT_ACCEPTABLE, "group longer than " + maxGroupLength + " characters");
            }
            if (!groups.add(group)) return reject(BAD_REQUEST, "duplicate group: " + group);
        }
        return new RosterSet.Update(jid, name, groups);
    }

    private static RosterSet reject(RosterError.Condition condition, String text) {
        return new RosterSet.Rejected(new RosterError(condition, text));
    }

    private static int length(String s) { return s.codePointCount(0, s.length()); }

    /**
     * The JID, or null if malformed. Beyond what {@link Jid#of(String)} rejects, refuses empty parts, whitespace
     * and separators in the domain, the characters RFC 7622 §3.3.1 excludes from a localpart, and parts over
     * 1023 UTF-8 bytes (RFC 7622 §3.2-§3.4).
     */
    static Jid parseJid(String s) {
        Jid jid = Jid.parseOrNull(s);
        if (jid == null) return null;
        String local = jid.local();
        String domain = jid.domain();
        String resource = jid.resource();
        if (domain == null || domain.isEmpty() || domain.equals(".") || tooLong(domain)) return null;
        if (domain.chars().anyMatch(c -> Character.isWhitespace(c) || c == '@' || c == '/')) return null;
        if (local != null) {
            if (local.isEmpty() || tooLong(local)) return null;
            if (local.chars().anyMatch(c -> Character.isWhitespace(c) || "\"&'/:<>@".indexOf(c) >= 0)) return null;
        }
        if (resource != null && (resource.isEmpty() || tooLong(resource))) return null;
        return jid;
    }

    private static boolean tooLong(String part) {
        return part.getBytes(StandardCharsets.UTF_8).length > 1023;
    }
}
