package dev.parley.im.roster;

import java.util.Locale;

/**
 * How the server treats personal presence subscriptions (set per domain by the administrator). The organisation is
 * the accounts of this server's domain; shared groups are not affected by the policy.
 */
public enum SubscriptionPolicy {
    /** RFC 6121 as written: the contact approves or denies every request. */
    OPEN,
    /** A request between two accounts of the organisation is approved by the server on the contact's behalf. */
    AUTO_APPROVE,
    /** Subscriptions only within the organisation: requests to or from other domains are refused. */
    ORGANISATION_ONLY;

    /** The configuration value: open, auto-approve, organisation-only. */
    public String value() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

    /** Parses a configuration value (case-insensitive; '-' or '_'); null for anything else. */
    public static SubscriptionPolicy parse(String s) {
        if (s == null) return null;
        String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (n.equals("ORGANIZATION_ONLY")) n = "ORGANISATION_ONLY";
        for (SubscriptionPolicy p : values()) if (p.name().equals(n)) return p;
        return null;
    }
}
