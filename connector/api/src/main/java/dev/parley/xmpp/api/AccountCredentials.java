package dev.parley.xmpp.api;

import dev.parley.xmpp.sasl.ScramCredential;

/**
 * What the connector needs to authenticate an account: its SCRAM credentials and, only where the server is configured
 * to keep passwords ({@code xmpp.auth.password-format=plain}), the prepared password (RFC 8265 OpaqueString), else null.
 */
public record AccountCredentials(String username, ScramCredential sha1, ScramCredential sha256, boolean disabled,
                                 String password) {

    /** Credentials without a stored password (the default: SCRAM only). */
    public AccountCredentials(String username, ScramCredential sha1, ScramCredential sha256, boolean disabled) {
        this(username, sha1, sha256, disabled, null);
    }

    /** Whether {@code candidate} is the stored password (constant time); false when no password is stored. */
    public boolean passwordMatches(String candidate) {
        if (password == null || candidate == null) return false;
        String prepared;
        try {
            prepared = dev.parley.xmpp.jid.Jid.preparePassword(candidate);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return java.security.MessageDigest.isEqual(prepared.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override public String toString() { return "AccountCredentials[" + username + (disabled ? ", disabled]" : "]"); }
    public ScramCredential forHash(String hash) {
        return switch (hash) {
            case ScramCredential.SHA1 -> sha1;
            case ScramCredential.SHA256 -> sha256;
            default -> null;
        };
    }
}
