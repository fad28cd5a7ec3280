package dev.parley.xmpp.sasl;

import java.util.Objects;

/**
 * A failed SASL exchange, carrying the RFC 6120 §6.5 condition to report in {@code <failure/>} and an
 * optional human-readable text. Raised by peers routinely, so it carries no stack trace.
 */
public class SaslFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The defined conditions of RFC 6120 §6.5. */
    public enum Condition {
        ABORTED("aborted"),
        ACCOUNT_DISABLED("account-disabled"),
        CREDENTIALS_EXPIRED("credentials-expired"),
        ENCRYPTION_REQUIRED("encryption-required"),
        INCORRECT_ENCODING("incorrect-encoding"),
        INVALID_AUTHZID("invalid-authzid"),
        INVALID_MECHANISM("invalid-mechanism"),
        MALFORMED_REQUEST("malformed-request"),
        MECHANISM_TOO_WEAK("mechanism-too-weak"),
        NOT_AUTHORIZED("not-authorized"),
        TEMPORARY_AUTH_FAILURE("temporary-auth-failure");

        private final String elementName;

        Condition(String elementName) { this.elementName = elementName; }

        /** The child element name of {@code <failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>}. */
        public String elementName() { return elementName; }

        /** The condition with that element name, or null. */
        public static Condition fromElementName(String name) {
            for (Condition c : values()) if (c.elementName.equals(name)) return c;
            return null;
        }
    }

    private final Condition condition;
    private final String text;

    public SaslFailure(Condition condition) {
        this(condition, null);
    }

    public SaslFailure(Condition condition, String text) {
        super(Objects.requireNonNull(condition, "condition").elementName() + (text == null ? "" : ": " + text),
                null, false, false);
        this.condition = condition;
        this.text = text;
    }

    public Condition condition() { return condition; }

    /** The RFC 6120 element name of the condition, e.g. "not-authorized". */
    public String conditionName() { return condition.elementName(); }

    /** Optional descriptive text for {@code <text/>}; null when there is none. */
    public String text() { return text; }
}
