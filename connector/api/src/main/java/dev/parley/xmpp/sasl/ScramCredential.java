package dev.parley.xmpp.sasl;

/**
 * A SCRAM credential as stored for an account (RFC 5802 §3): salt, iteration count, StoredKey, ServerKey.
 * {@code hash} is "SHA-1" or "SHA-256" (JCA names).
 * Derivation from a password lives in {@link Scram}.
 */
public record ScramCredential(String hash, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public static final String SHA1 = "SHA-1";
    public static final String SHA256 = "SHA-256";
}
