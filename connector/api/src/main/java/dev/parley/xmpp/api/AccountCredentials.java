package dev.parley.xmpp.api;

import dev.parley.xmpp.sasl.ScramCredential;

/** What the connector needs to authenticate an account: its SCRAM credentials, never the password. */
public record AccountCredentials(String username, ScramCredential sha1, ScramCredential sha256, boolean disabled) {
    public ScramCredential forHash(String hash) {
        return switch (hash) {
            case ScramCredential.SHA1 -> sha1;
            case ScramCredential.SHA256 -> sha256;
            default -> null;
        };
    }
}
