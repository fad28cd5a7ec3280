package dev.parley.xmpp.jid;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import rocks.xmpp.precis.PrecisProfile;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * An XMPP address (RFC 7622), normalised at construction; equal JIDs are equal strings.
 *
 * <ul>
 *   <li>localpart: PRECIS UsernameCaseMapped profile (RFC 8265 §3.3), then the characters
 *       {@code " & ' / : < > @} are disallowed (RFC 7622 §3.3.1);</li>
 *   <li>domainpart: a trailing label separator is stripped, then the domain is converted to U-labels
 *       and lower-cased (RFC 7622 §3.2); IPv4 addresses and bracketed IPv6 literals are accepted;</li>
 *   <li>resourcepart: PRECIS OpaqueString profile (RFC 8265 §4.2), case and spaces preserved.</li>
 * </ul>
 * Each part must be 1 to 1023 octets of UTF-8 after enforcement.
 *
 * <p>Parsing is on the hot path (every stanza's addresses), so parts made only of "plain" ASCII take
 * a fast path that gives the same result as the PRECIS/IDNA rules without running them.
 *
 * <p>IDNA conversion uses the JDK's {@link java.net.IDN}, which implements IDNA2003 rather than
 * IDNA2008; the two differ for a handful of code points (e.g. U+00DF is mapped to "ss").
 */
public final class Jid {
    /** RFC 7622 §3.1: each part is at most 1023 octets. */
    public static final int MAX_PART_OCTETS = 1023;
    /**
     * Inputs longer than this (UTF-16 units) are refused before any PRECIS work is done: no valid part
     * can be that long even before mappings that shorten a string.
     */
    private static final int MAX_PART_INPUT_CHARS = 4 * MAX_PART_OCTETS;

    private static final PrecisProfile USERNAME = PrecisProfiles.USERNAME_CASE_MAPPED;
    private static final PrecisProfile OPAQUE = PrecisProfiles.OPAQUE_STRING;
    private static final PrecisProfile IDN = PrecisProfiles.IDN;

    private final String local;    // null if absent
    private final String domain;
    private final String resource; // null if absent
    private final String string;

    private Jid(String local, String domain, String resource) {
        this.local = local; this.domain = domain; this.resource = resource;
        this.string = (local != null ? local + "@" : "") + domain + (resource != null ? "/" + resource : "");
    }

    /**
     * Parses and normalises; throws {@link InvalidJidException} when it is not a valid JID.
     * Follows RFC 7622 §3.1: the resourcepart starts after the first '/', the localpart ends at the
     * first '@' before that.
     */
    public static Jid of(String jid) {
        if (jid == null || jid.isEmpty()) throw new InvalidJidException("empty JID");
        int slash = jid.indexOf('/');
        int end = slash < 0 ? jid.length() : slash;
        int at = jid.indexOf('@');
        if (at >= end) at = -1;
        String local = at < 0 ? null : jid.substring(0, at);
        String domain = jid.substring(at + 1, end);
        String resource = slash < 0 ? null : jid.substring(slash + 1);
        return of(local, domain, resource);
    }

    /**
     * Builds a JID from its parts, enforcing each one. {@code local} and {@code resource} may be null
     * (absent) but not empty.
     */
    public static Jid of(String local, String domain, String resource) {
        if (domain == null) throw new InvalidJidException("missing domainpart");
        return new Jid(local == null ? null : enforceLocalpart(local),
                enforceDomainpart(domain),
                resource == null ? null : enforceResourcepart(resource));
    }

    /** Like {@link #of(String)} but returns null instead of throwing. */
    public static Jid parseOrNull(String jid) {
        try { return jid == null ? null : of(jid); } catch (InvalidJidException e) { return null; }
    }

    public String local() { return local; }
    public String domain() { return domain; }
    public String resource() { return resource; }
    public boolean isBare() { return resource == null; }
    public Jid bare() { return resource == null ? this : new Jid(local, domain, null); }

    /** This JID's bare part with the given resource (enforced); null gives the bare JID. */
    public Jid withResource(String resource) {
        return resource == null ? bare() : new Jid(local, domain, enforceResourcepart(resource));
    }

    @Override public String toString() { return string; }
    @Override public boolean equals(Object o) { return o instanceof Jid j && string.equals(j.string); }
    @Override public int hashCode() { return string.hashCode(); }

    // ------------------------------------------------------------------ public string preparation

    /**
     * Normalises a SASL authentication identity (simple user name) the way a localpart is enforced:
     * UsernameCaseMapped plus the RFC 7622 localpart restrictions, so the result is usable as the
     * localpart of the account's JID.
     *
     * @throws InvalidJidException if the name is not a valid localpart
     */
    public static String normalizeUsername(String username) {
        if (username == null) throw new InvalidJidException("missing username");
        return enforceLocalpart(username);
    }

    /**
     * Prepares a password with the PRECIS OpaqueString profile (RFC 8265 §4.2), as SCRAM and PLAIN
     * require.
     *
     * @throws IllegalArgumentException if the password is empty or contains disallowed code points
     */
    public static String preparePassword(String password) {
        if (password == null || password.isEmpty()) throw new IllegalArgumentException("empty password");
        if (isPrintableAscii(password)) return password;
        try {
            String p = OPAQUE.enforce(password);
            if (p.isEmpty()) throw new IllegalArgumentException("empty password");
            return p;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("password contains disallowed characters", e);
        }
    }

    // ------------------------------------------------------------------ localpart

    static String enforceLocalpart(String s) {
        String r = fastLocalpart(s);
        if (r == null) r = precisLocalpart(s);
        checkLength(r, "localpart");
        return r;
    }

    /** Fast path: printable ASCII other than the disallowed characters, upper case folded; else null. */
    static String fastLocalpart(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_PART_OCTETS) return null;
        boolean upper = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || isLocalpartForbidden(c)) return null;
            if (c >= 'A' && c <= 'Z') upper = true;
        }
        return upper ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** The full rules: PRECIS UsernameCaseMapped, then RFC 7622 §3.3.1 forbidden characters. */
    static String precisLocalpart(String s) {
        if (s.isEmpty()) throw new InvalidJidException("empty localpart");
        if (s.length() > MAX_PART_INPUT_CHARS) throw new InvalidJidException("localpart too long");
        String r;
        try {
            r = USERNAME.enforce(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidJidException("invalid localpart: " + e.getMessage(), e);
        }
        if (r.isEmpty()) throw new InvalidJidException("empty localpart");
        for (int i = 0; i < r.length(); i++) {
            if (isLocalpartForbidden(r.charAt(i))) {
                throw new InvalidJidException("localpart contains disallowed character '" + r.charAt(i) + "'");
            }
        }
        return r;
    }

    private static boolean isLocalpartForbidden(char c) {
        return switch (c) {
            case '"', '&', '\'', '/', ':', '<', '>', '@' -> true;
            default -> false;
        };
    }

    // ------------------------------------------------------------------ domainpart

    static String enforceDomainpart(String s) {
        // RFC 7622 §3.2: a final label separator is stripped before any other canonicalisation.
        if (!s.isEmpty() && isLabelSeparator(s.charAt(s.length() - 1))) s = s.substring(0, s.length() - 1);
        if (s.isEmpty()) throw new InvalidJidException("empty domainpart");
        String r = fastDomainpart(s);
        if (r == null) r = slowDomainpart(s);
        checkLength(r, "domainpart");
        return r;
    }

    /**
     * Fast path: LDH labels of ASCII letters, digits and hyphens (no "xn--" A-labels, no leading or
     * trailing hyphen, 1..63 characters), upper case folded; else null.
     */
    static String fastDomainpart(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_PART_OCTETS) return null;
        boolean upper = false;
        int labelStart = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                int len = i - labelStart;
                if (len == 0 || len > 63) return null;
                if (s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') return null;
                if (len >= 4 && s.charAt(labelStart + 2) == '-' && s.charAt(labelStart + 3) == '-') return null;
                labelStart = i + 1;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return null;
            }
        }
        return upper ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** The full rules: bracketed IPv6 literal, or IDNA to lower-case U-labels. */
    static String slowDomainpart(String s) {
        if (s.length() > MAX_PART_INPUT_CHARS) throw new InvalidJidException("domainpart too long");
        if (s.charAt(0) == '[') return ipv6Literal(s);
        String r;
        try {
            r = IDN.enforce(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidJidException("invalid domainpart: " + e.getMessage(), e);
        }
        if (r.isEmpty() || r.charAt(0) == '.' || r.charAt(r.length() - 1) == '.' || r.contains("..")) {
            throw new InvalidJidException("invalid domainpart: empty label");
        }
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            // IDNA's STD3 rules already exclude these; guard against anything that would break the JID syntax.
            if (c == '@' || c == '/' || c <= 0x20 || c == '[' || c == ']') {
                throw new InvalidJidException("invalid domainpart");
            }
        }
        return r;
    }

    private static boolean isLabelSeparator(char c) {
        return c == '.' || c == '\u3002' || c == '\uFF0E' || c == '\uFF61';
    }

    /** RFC 3986 IP-literal restricted to IPv6address; hex digits are lower-cased. */
    private static String ipv6Literal(String s) {
        if (s.length() < 4 || s.charAt(s.length() - 1) != ']') throw new InvalidJidException("invalid IP literal");
        String addr = s.substring(1, s.length() - 1);
        if (!isIpv6(addr)) throw new InvalidJidException("invalid IPv6 literal");
        return "[" + addr.toLowerCase(Locale.ROOT) + "]";
    }

    static boolean isIpv6(String a) {
        int dc = a.indexOf("::");
        if (dc >= 0 && a.indexOf("::", dc + 1) >= 0) return false;
        if (dc < 0) return groups(a, true) == 8;
        String head = a.substring(0, dc), tail = a.substring(dc + 2);
        int h = head.isEmpty() ? 0 : groups(head, false);
        int t = tail.isEmpty() ? 0 : groups(tail, true);
        return h >= 0 && t >= 0 && h + t <= 7;
    }

    /** Number of 16-bit groups in a ':'-separated list (an IPv4 tail counts 2), or -1 if malformed. */
    private static int groups(String s, boolean ipv4TailAllowed) {
        String[] parts = s.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && ipv4TailAllowed && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) return -1;
                count += 2;
            } else {
                if (p.isEmpty() || p.length() > 4) return -1;
                for (int j = 0; j < p.length(); j++) if (!isAsciiHex(p.charAt(j))) return -1;
                count++;
            }
        }
        return count;
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isIpv4(String s) {
        String[] octets = s.split("\\.", -1);
        if (octets.length != 4) return false;
        for (String o : octets) {
            if (o.isEmpty() || o.length() > 3 || (o.length() > 1 && o.charAt(0) == '0')) return false;
            for (int j = 0; j < o.length(); j++) if (o.charAt(j) < '0' || o.charAt(j) > '9') return false;
            if (Integer.parseInt(o) > 255) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ resourcepart

    static String enforceResourcepart(String s) {
        String r = isPrintableAscii(s) ? s : precisResourcepart(s);
        checkLength(r, "resourcepart");
        return r;
    }

    /** The full rules: PRECIS OpaqueString. */
    static String precisResourcepart(String s) {
        if (s.isEmpty()) throw new InvalidJidException("empty resourcepart");
        if (s.length() > MAX_PART_INPUT_CHARS) throw new InvalidJidException("resourcepart too long");
        String r;
        try {
            r = OPAQUE.enforce(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidJidException("invalid resourcepart: " + e.getMessage(), e);
        }
        if (r.isEmpty()) throw new InvalidJidException("empty resourcepart");
        return r;
    }

    /** Non-empty and only U+0020..U+007E: unchanged by OpaqueString, so no PRECIS work is needed. */
    static boolean isPrintableAscii(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_PART_OCTETS) return false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ common

    private static void checkLength(String part, String what) {
        if (part.isEmpty()) throw new InvalidJidException("empty " + what);
        int n = part.length();
        if (n * 3 <= MAX_PART_OCTETS) return; // cannot exceed the limit whatever the characters
        if (utf8Length(part) > MAX_PART_OCTETS) throw new InvalidJidException(what + " longer than 1023 octets");
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
