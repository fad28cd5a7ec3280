package dev.parley.im.roster;

/** The four subscription-related values of the presence {@code type} attribute (RFC 6121 §3). */
public enum PresenceType {
    SUBSCRIBE("subscribe"),
    SUBSCRIBED("subscribed"),
    UNSUBSCRIBE("unsubscribe"),
    UNSUBSCRIBED("unsubscribed");

    private final String value;

    PresenceType(String value) { this.value = value; }

    /** The attribute value, e.g. {@code subscribed}. */
    public String value() { return value; }

    /** The subscription type for a presence {@code type} attribute, or null for any other value. */
    public static PresenceType fromValue(String value) {
        if (value != null) for (PresenceType t : values()) if (t.value.equals(value)) return t;
        return null;
    }
}
