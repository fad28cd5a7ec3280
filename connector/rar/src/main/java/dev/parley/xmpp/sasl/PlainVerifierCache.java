package dev.parley.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, in memory only, that a PLAIN password was verified for an account, so that the account's next PLAIN
 * logins (reconnects) cost an HMAC instead of the PBKDF2 derivation of its stored SCRAM credential.
 *
 * <p>An entry holds an HMAC-SHA-256 of the user and password under a random key that never leaves this process, and
 * the StoredKey of the credential it was verified against: a changed password (new salt, new StoredKey) no longer
 * matches, so no invalidation is needed. Nothing is written anywhere. Bounded; when full, arbitrary entries go.
 */
public final class PlainVerifierCache {
    private record Entry(byte[] storedKey, byte[] verifier) { }

    private final int maxEntries;
    private final SecretKeySpec key;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param maxEntries accounts remembered; 0 disables the cache */
    public PlainVerifierCache(int maxEntries) {
        this.maxEntries = Math.max(0, maxEntries);
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
    }

    public boolean enabled() { return maxEntries > 0; }

    /** Whether this password was verified before for this account and credential. */
    public boolean matches(String user, ScramCredential credential, String password) {
        if (maxEntries == 0) return false;
        Entry e = entries.get(user);
        return e != null && MessageDigest.isEqual(e.storedKey, credential.storedKey())
                && MessageDigest.isEqual(e.verifier, verifier(user, password));
    }

    /** Records a successful verification. */
    public void remember(String user, ScramCredential credential, String password) {
        if (maxEntries == 0) return;
        if (entries.size() >= maxEntries) {
            Iterator<String> it = entries.keySet().iterator();
            for (int i = 0; i < Math.max(1, maxEntries / 10) && it.hasNext(); i++) { it.next(); it.remove(); }
        }
        entries.put(user, new Entry(credential.storedKey().clone(), verifier(user, password)));
    }

    public int size() { return entries.size(); }

    private byte[] verifier(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
