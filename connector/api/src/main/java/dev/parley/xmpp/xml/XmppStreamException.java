package dev.parley.xmpp.xml;

import java.util.Objects;

/**
 * A fatal problem with an incoming XML stream. {@link #condition()} names the RFC 6120 §4.9.3
 * stream error condition the connection should be closed with (e.g. {@code not-well-formed}).
 */
public class XmppStreamException extends Exception {
    private static final long serialVersionUID = 1L;

    public static final String BAD_FORMAT = "bad-format";
    public static final String INVALID_NAMESPACE = "invalid-namespace";
    public static final String NOT_WELL_FORMED = "not-well-formed";
    public static final String POLICY_VIOLATION = "policy-violation";
    public static final String RESTRICTED_XML = "restricted-xml";
    public static final String UNSUPPORTED_ENCODING = "unsupported-encoding";

    private final String condition;

    public XmppStreamException(String condition, String message) {
        super(message);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public XmppStreamException(String condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    /** The stream error condition element name, e.g. {@code "restricted-xml"}. */
    public String condition() { return condition; }

    @Override public String toString() { return "XmppStreamException[" + condition + "]: " + getMessage(); }
}
