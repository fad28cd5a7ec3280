package dev.parley.xmpp.jid;

import java.util.Objects;

/**
 * An XMPP address (RFC 7622), normalised at construction; equal JIDs are equal strings.
 * STUB: parsing and PRECIS enforcement to be completed.
 */
public final class Jid {
    private final String local;    // null if absent
    private final String domain;
    private final String resource; // null if absent
    private final String string;

    private Jid(String local, String domain, String resource) {
        this.local = local; this.domain = domain; this.resource = resource;
        this.string = (local != null ? local + "@" : "") + domain + (resource != null ? "/" + resource : "");
    }

    /** Parses and normalises; throws {@link InvalidJidException} when it is not a valid JID. */
    public static Jid of(String jid) {
        if (jid == null || jid.isEmpty()) throw new InvalidJidException("empty JID");
        int slash = jid.indexOf('/');
        String bare = slash < 0 ? jid : jid.substring(0, slash);
        String resource = slash < 0 ? null : jid.substring(slash + 1);
        int at = bare.indexOf('@');
        String local = at < 0 ? null : bare.substring(0, at);
        String domain = at < 0 ? bare : bare.substring(at + 1);
        return of(local, domain, resource);
    }

    public static Jid of(String local, String domain, String resource) {
        return new Jid(local == null ? null : local.toLowerCase(), domain.toLowerCase(), resource);
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
    public Jid withResource(String resource) { return of(local, domain, resource); }

    @Override public String toString() { return string; }
    @Override public boolean equals(Object o) { return o instanceof Jid j && string.equals(j.string); }
    @Override public int hashCode() { return string.hashCode(); }
}
