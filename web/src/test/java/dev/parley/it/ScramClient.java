package dev.parley.it;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;
import org.jivesoftware.smack.SASLAuthentication;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.SASLMechanism;

/**
 * A client-side SCRAM (RFC 5802/7677) for Smack, written independently of the server's code, with
 * SHA-1 or SHA-256 and optional tls-server-end-point channel binding (RFC 5929). Smack 4.5's own SCRAM
 * computes H() with SHA-1 whatever the mechanism and derives the channel-binding digest from the key
 * algorithm, so it can do neither SCRAM-SHA-256 nor a correct -PLUS.
 */
public final class ScramClient extends SASLMechanism {
    private final String hash;   // "SHA-1" or "SHA-256"
    private final boolean plus;
    private String gs2Header;
    private String clientFirstBare;
    private String nonce;
    private byte[] expectedServerSignature;
    private int state;

    public ScramClient(String hash, boolean plus) { this.hash = hash; this.plus = plus; }

    /** Registers SCRAM-SHA-256(-PLUS) and a correct SCRAM-SHA-1-PLUS in place of Smack's. */
    public static synchronized void register() {
        SASLAuthentication.unregisterSASLMechanism("org.jivesoftware.smack.sasl.core.ScramSha1PlusMechanism");
        for (ScramClient m : new ScramClient[] {new ScramClient("SHA-256", true), new ScramClient("SHA-256", false), new ScramClient("SHA-1", true)}) {
            if (!SASLAuthentication.isSaslMechanismRegistered(m.getName())) SASLAuthentication.registerSASLMechanism(m);
        }
    }

    @Override public String getName() { return "SCRAM-" + hash + (plus ? "-PLUS" : ""); }
    @Override public int getPriority() { return (plus ? 40 : 50) + (hash.equals("SHA-1") ? 5 : 0); }
    @Override protected SASLMechanism newInstance() { return new ScramClient(hash, plus); }
    @Override protected void authenticateInternal(CallbackHandler cbh) { }
    @Override public boolean authzidSupported() { return false; }

    @Override
    protected byte[] getAuthenticationText() {
        byte[] r = new byte[18];
        new SecureRandom().nextBytes(r);
        nonce = Base64.getEncoder().encodeToString(r);
        gs2Header = plus ? "p=tls-server-end-point,," : "n,,";
        clientFirstBare = "n=" + authenticationId.replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce;
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] evaluateChallenge(byte[] challenge) throws SmackSaslException {
        String msg = new String(challenge, StandardCharsets.UTF_8);
        try {
            if (state == 0) {
                Map<Character, String> a = parse(msg);
                String r = a.get('r');
                if (r == null || !r.startsWith(nonce) || r.length() == nonce.length()) throw new SmackSaslException("bad server nonce");
                byte[] salt = Base64.getDecoder().decode(a.get('s'));
                int iterations = Integer.parseInt(a.get('i'));
                byte[] salted = hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
                byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8));
                byte[] storedKey = MessageDigest.getInstance(hash).digest(clientKey);
                byte[] cbind = gs2Header.getBytes(StandardCharsets.UTF_8);
                if (plus) cbind = concat(cbind, tlsServerEndPoint());
                String finalNoProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + r;
                byte[] authMessage = (clientFirstBare + "," + msg + "," + finalNoProof).getBytes(StandardCharsets.UTF_8);
                byte[] signature = hmac(storedKey, authMessage);
                byte[] proof = clientKey.clone();
                for (int i = 0; i < proof.length; i++) proof[i] ^= signature[i];
                expectedServerSignature = hmac(hmac(salted, "Server Key".getBytes(StandardCharsets.UTF_8)), authMessage);
                state = 1;
                return (finalNoProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
            }
            if (state == 1) {
                String v = parse(msg).get('v');
                if (v == null || !MessageDigest.isEqual(Base64.getDecoder().decode(v), expectedServerSignature)) {
                    throw new SmackSaslException("server signature mismatch");
                }
                state = 2;
                return null;
            }
            throw new SmackSaslException("unexpected challenge");
        } catch (GeneralSecurityException | javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new SmackSaslException(e);
        }
    }

    @Override
    protected void checkIfSuccessfulOrThrow() throws SmackSaslException {
        if (state != 2) throw new SmackSaslException("server-final message not verified");
    }

    private byte[] tlsServerEndPoint() throws GeneralSecurityException, SmackSaslException, javax.net.ssl.SSLPeerUnverifiedException {
        if (sslSession == null) throw new SmackSaslException("no TLS session for channel binding");
        Certificate[] chain = sslSession.getPeerCertificates();
        X509Certificate cert = (X509Certificate) chain[0];
        String sig = cert.getSigAlgName().toUpperCase();
        String h = sig.startsWith("SHA384") ? "SHA-384" : sig.startsWith("SHA512") ? "SHA-512" : "SHA-256"; // RFC 5929 §4.1
        return MessageDigest.getInstance(h).digest(cert.getEncoded());
    }

    private byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        byte[] u = hmac(password, concat(salt, new byte[] {0, 0, 0, 1}));
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac(password, u);
            for (int j = 0; j < result.length; j++) result[j] ^= u[j];
        }
        return result;
    }

    private byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        String alg = hash.equals("SHA-1") ? "HmacSHA1" : "HmacSHA256";
        Mac m = Mac.getInstance(alg);
        m.init(new SecretKeySpec(key, alg));
        return m.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Map<Character, String> parse(String s) {
        Map<Character, String> m = new HashMap<>();
        for (String part : s.split(",")) if (part.length() >= 2 && part.charAt(1) == '=') m.put(part.charAt(0), part.substring(2));
        return m;
    }
}
