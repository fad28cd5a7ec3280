package dev.parley.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.parley.xmpp.jid.Jid;

/**
 * SCRAM primitives (RFC 5802 §2.2, §3) for {@link ScramCredential#SHA1 SHA-1} and
 * {@link ScramCredential#SHA256 SHA-256}: credential derivation from a password and the
 * {@code H}/{@code HMAC}/{@code Hi} functions the server side of the mechanism needs.
 */
public final class Scram {
    /** Salt length produced by {@link #newSalt()}. */
    public static final int SALT_LENGTH = 16;
    /** Iteration count recommended as a minimum by RFC 7677 §4. */
    public static final int DEFAULT_ITERATIONS = 4096;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Block size of SHA-1 and SHA-256, the HMAC key block (RFC 2104). */
    private static final int HMAC_BLOCK = 64;

    private Scram() {}

    /**
     * Derives the stored credential for a password: SaltedPassword = Hi(OpaqueString(password), salt, i),
     * StoredKey = H(HMAC(SaltedPassword, "Client Key")), ServerKey = HMAC(SaltedPassword, "Server Key").
     *
     * @param hash "SHA-1" or "SHA-256"
     * @throws IllegalArgumentException for an unknown hash, an iteration count below 1, an empty salt,
     *         or a password the OpaqueString profile refuses
     */
    public static ScramCredential derive(String hash, String password, byte[] salt, int iterations) {
        String macName = macName(hash);
        if (iterations < 1) throw new IllegalArgumentException("iteration count must be positive");
        if (salt == null || salt.length == 0) throw new IllegalArgumentException("empty salt");
        byte[] prepared = Jid.preparePassword(password).getBytes(StandardCharsets.UTF_8);
        byte[] salted = hi(hash, prepared, salt, iterations);
        byte[] clientKey = hmac(hash, salted, CLIENT_KEY);
        byte[] storedKey = digest(hash, clientKey);
        byte[] serverKey = hmac(hash, salted, SERVER_KEY);
        return new ScramCredential(hash, salt.clone(), iterations, storedKey, serverKey);
    }

    /**
     * Checks a plaintext password (SASL PLAIN) against a stored credential by recomputing the StoredKey
     * and comparing in constant time. Returns false for a null credential or an unusable password.
     */
    public static boolean verifyPlain(ScramCredential c, String password) {
        if (c == null || password == null) return false;
        ScramCredential candidate;
        try {
            candidate = derive(c.hash(), password, c.salt(), c.iterations());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(candidate.storedKey(), c.storedKey());
    }

    /** A fresh random salt of {@link #SALT_LENGTH} bytes. */
    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** {@code H(data)} with the given hash ("SHA-1", "SHA-256"). */
    public static byte[] digest(String hash, byte[] data) {
        macName(hash);
        try {
            return MessageDigest.getInstance(hash).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code HMAC(key, data)} with the given hash ("SHA-1", "SHA-256"). */
    public static byte[] hmac(String hash, byte[] key, byte[] data) {
        try {
            Mac mac = mac(macName(hash), key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Output length in bytes of the given hash ("SHA-1": 20, "SHA-256": 32). */
    public static int length(String hash) {
        return switch (hash) {
            case ScramCredential.SHA1 -> 20;
            case ScramCredential.SHA256 -> 32;
            default -> throw new IllegalArgumentException("unsupported SCRAM hash: " + hash);
        };
    }

    /**
     * {@code Hi(str, salt, i)}: PBKDF2 with HMAC as the PRF and one output block (RFC 5802 §2.2).
     *
     * <p>HMAC written out over MessageDigest (RFC 2104) so that the inner and outer key blocks are hashed once:
     * each iteration then resumes from copies of those two states, two compressions instead of the four that a
     * reset {@link Mac} does. A PLAIN login pays this derivation, so it is worth a quarter of the cost.
     */
    private static byte[] hi(String hash, byte[] str, byte[] salt, int iterations) {
        try {
            MessageDigest inner = MessageDigest.getInstance(hash);
            MessageDigest outer = MessageDigest.getInstance(hash);
            int len = inner.getDigestLength();
            byte[] key = str.length > HMAC_BLOCK ? MessageDigest.getInstance(hash).digest(str) : str;
            byte[] ipad = new byte[HMAC_BLOCK];
            byte[] opad = new byte[HMAC_BLOCK];
            for (int i = 0; i < HMAC_BLOCK; i++) {
                byte b = i < key.length ? key[i] : 0;
                ipad[i] = (byte) (b ^ 0x36);
                opad[i] = (byte) (b ^ 0x5c);
            }
            inner.update(ipad);
            outer.update(opad);
            byte[] u = new byte[len];
            byte[] t = new byte[len];
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(salt);
            in.update(new byte[] {0, 0, 0, 1});
            in.digest(t, 0, len);
            MessageDigest out = (MessageDigest) outer.clone();
            out.update(t);
            out.digest(u, 0, len);
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                in = (MessageDigest) inner.clone();
                in.update(u);
                in.digest(t, 0, len);
                out = (MessageDigest) outer.clone();
                out.update(t);
                out.digest(u, 0, len);
                for (int j = 0; j < len; j++) result[j] ^= u[j];
            }
            return result;
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mac mac(String macName, byte[] key) throws NoSuchAlgorithmException, InvalidKeyException {
        Mac mac = Mac.getInstance(macName);
        // An empty HMAC key is legal (RFC 2104) but SecretKeySpec refuses it; a single zero byte is
        // equivalent since HMAC pads keys with zeros to the block size.
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, macName));
        return mac;
    }

    private static String macName(String hash) {
        if (hash == null) throw new IllegalArgumentException("missing SCRAM hash");
        return switch (hash) {
            case ScramCredential.SHA1 -> "HmacSHA1";
            case ScramCredential.SHA256 -> "HmacSHA256";
            default -> throw new IllegalArgumentException("unsupported SCRAM hash: " + hash);
        };
    }
}
