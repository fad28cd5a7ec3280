package dev.parley.xmpp.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** A minimal SCRAM client (RFC 5802 §3) computing proofs independently of the server code. */
final class ScramClient {
    final String hash;
    final String gs2Header;
    final String clientFirstBare;
    final byte[] cbData;
    String serverFirst;
    String withoutProof;
    byte[] saltedPassword;
    /** When set, sent in r= of the client-final message instead of the server's combined nonce. */
    String nonceOverride;

    ScramClient(String hash, String gs2Header, String username, String clientNonce, byte[] cbData) {
        this.hash = hash;
        this.gs2Header = gs2Header;
        this.clientFirstBare = "n=" + username + ",r=" + clientNonce;
        this.cbData = cbData;
    }

    byte[] clientFirst() { return (gs2Header + clientFirstBare).getBytes(UTF_8); }

    static Map<String, String> attributes(String message) {
        Map<String, String> m = new HashMap<>();
        for (String a : message.split(",")) m.put(a.substring(0, 1), a.substring(2));
        return m;
    }

    /** The client-final message for the password, given the server-first message. */
    byte[] clientFinal(byte[] serverFirstBytes, String password) throws Exception {
        serverFirst = new String(serverFirstBytes, UTF_8);
        Map<String, String> a = attributes(serverFirst);
        byte[] salt = Base64.getDecoder().decode(a.get("s"));
        int iterations = Integer.parseInt(a.get("i"));
        String prf = hash.equals(ScramCredential.SHA1) ? "PBKDF2WithHmacSHA1" : "PBKDF2WithHmacSHA256";
        saltedPassword = SecretKeyFactory.getInstance(prf)
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, Scram.length(hash) * 8))
                .getEncoded();
        byte[] cbind = cbData == null ? gs2Header.getBytes(UTF_8) : concat(gs2Header.getBytes(UTF_8), cbData);
        withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + (nonceOverride != null ? nonceOverride : a.get("r"));
        byte[] clientKey = Scram.hmac(hash, saltedPassword, "Client Key".getBytes(UTF_8));
        byte[] storedKey = Scram.digest(hash, clientKey);
        byte[] signature = Scram.hmac(hash, storedKey, authMessage().getBytes(UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(UTF_8);
    }

    String authMessage() { return clientFirstBare + "," + serverFirst + "," + withoutProof; }

    /** The server-final message a genuine server would send. */
    String expectedServerFinal() {
        byte[] serverKey = Scram.hmac(hash, saltedPassword, "Server Key".getBytes(UTF_8));
        return "v=" + Base64.getEncoder().encodeToString(Scram.hmac(hash, serverKey, authMessage().getBytes(UTF_8)));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
