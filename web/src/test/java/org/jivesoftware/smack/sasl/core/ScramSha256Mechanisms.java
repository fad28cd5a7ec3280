package org.jivesoftware.smack.sasl.core;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * SCRAM-SHA-256 and SCRAM-SHA-256-PLUS for Smack, which ships only the SHA-1 variants. Smack's own
 * SCRAM implementation does the exchange; this only supplies HMAC-SHA-256 (RFC 7677). It lives in
 * Smack's package because the SCRAM base classes' constructors are package-visible in effect.
 */
public final class ScramSha256Mechanisms {
    private ScramSha256Mechanisms() { }

    static final ScramHmac SHA_256 = new ScramHmac() {
        @Override public String getHmacName() { return "SHA-256"; }
        @Override public byte[] hmac(byte[] key, byte[] str) throws InvalidKeyException {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m.doFinal(str);
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    };

    public static final class Sha256 extends ScramMechanism {
        public Sha256() { super(SHA_256); }
        @Override public int getPriority() { return 105; }
        @Override protected SASLMechanism newInstance() { return new Sha256(); }
    }

    public static final class Sha256Plus extends ScramPlusMechanism {
        public Sha256Plus() { super(SHA_256); }
        @Override public int getPriority() { return 95; }
        @Override protected SASLMechanism newInstance() { return new Sha256Plus(); }
    }

    /** Registers both with Smack (idempotent). */
    public static synchronized void register() {
        if (!SASLAuthentication.isSaslMechanismRegistered("SCRAM-SHA-256")) SASLAuthentication.registerSASLMechanism(new Sha256());
        if (!SASLAuthentication.isSaslMechanismRegistered("SCRAM-SHA-256-PLUS")) SASLAuthentication.registerSASLMechanism(new Sha256Plus());
    }
}
