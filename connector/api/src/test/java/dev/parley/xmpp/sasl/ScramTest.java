package dev.parley.xmpp.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.jupiter.api.Test;

class ScramTest {
    private static final byte[] RFC5802_SALT = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
    private static final byte[] RFC7677_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    @Test
    void deriveMatchesPbkdf2() throws Exception {
        for (String hash : new String[] {ScramCredential.SHA1, ScramCredential.SHA256}) {
            ScramCredential c = Scram.derive(hash, "pencil", RFC7677_SALT, 4096);
            String jce = hash.equals(ScramCredential.SHA1) ? "PBKDF2WithHmacSHA1" : "PBKDF2WithHmacSHA256";
            byte[] salted = SecretKeyFactory.getInstance(jce)
                    .generateSecret(new PBEKeySpec("pencil".toCharArray(), RFC7677_SALT, 4096, Scram.length(hash) * 8))
                    .getEncoded();
            byte[] clientKey = Scram.hmac(hash, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(Scram.digest(hash, clientKey), c.storedKey());
            assertArrayEquals(Scram.hmac(hash, salted, "Server Key".getBytes(StandardCharsets.US_ASCII)), c.serverKey());
            assertEquals(hash, c.hash());
            assertEquals(4096, c.iterations());
            assertArrayEquals(RFC7677_SALT, c.salt());
            assertEquals(Scram.length(hash), c.storedKey().length);
        }
    }

    @Test
    void aPasswordLongerThanTheHmacBlockIsHashedFirst() throws Exception {
        String longPassword = "correct horse battery staple ".repeat(4); // 116 bytes: HMAC hashes the key (RFC 2104)
        for (String hash : new String[] {ScramCredential.SHA1, ScramCredential.SHA256}) {
            String jce = hash.equals(ScramCredential.SHA1) ? "PBKDF2WithHmacSHA1" : "PBKDF2WithHmacSHA256";
            byte[] salted = SecretKeyFactory.getInstance(jce)
                    .generateSecret(new PBEKeySpec(longPassword.toCharArray(), RFC5802_SALT, 4096, Scram.length(hash) * 8))
                    .getEncoded();
            byte[] clientKey = Scram.hmac(hash, salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(Scram.digest(hash, clientKey), Scram.derive(hash, longPassword, RFC5802_SALT, 4096).storedKey());
        }
    }

    @Test
    void rfc5802ServerSignatureFromDerivedCredential() {
        // RFC 5802 §5: the server-final message of the example is v=rmF9pqV8S7suAoZWja4dJRkFsKQ=
        ScramCredential c = Scram.derive(ScramCredential.SHA1, "pencil", RFC5802_SALT, 4096);
        String authMessage = "n=user,r=fyko+d2lbbFgONRv9qkxdawL,"
                + "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096,"
                + "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j";
        byte[] serverSignature = Scram.hmac(c.hash(), c.serverKey(), authMessage.getBytes(StandardCharsets.UTF_8));
        assertEquals("rmF9pqV8S7suAoZWja4dJRkFsKQ=", Base64.getEncoder().encodeToString(serverSignature));
    }

    @Test
    void verifyPlain() {
        ScramCredential c = Scram.derive(ScramCredential.SHA256, "pencil", Scram.newSalt(), 4096);
        assertTrue(Scram.verifyPlain(c, "pencil"));
        assertFalse(Scram.verifyPlain(c, "Pencil"));
        assertFalse(Scram.verifyPlain(c, "pencil "));
        assertFalse(Scram.verifyPlain(c, ""));
        assertFalse(Scram.verifyPlain(c, "pen\u0000cil"));
        assertFalse(Scram.verifyPlain(null, "pencil"));
        assertFalse(Scram.verifyPlain(c, null));
        // OpaqueString preparation: a decomposed é equals the composed one
        ScramCredential accent = Scram.derive(ScramCredential.SHA1, "caf\u00E9", Scram.newSalt(), 16);
        assertTrue(Scram.verifyPlain(accent, "cafe\u0301"));
    }

    @Test
    void newSaltIsRandom() {
        byte[] a = Scram.newSalt(), b = Scram.newSalt();
        assertEquals(Scram.SALT_LENGTH, a.length);
        assertNotEquals(Arrays.toString(a), Arrays.toString(b));
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> Scram.derive("MD5", "pencil", RFC5802_SALT, 4096));
        assertThrows(IllegalArgumentException.class, () -> Scram.derive(ScramCredential.SHA1, "pencil", RFC5802_SALT, 0));
        assertThrows(IllegalArgumentException.class, () -> Scram.derive(ScramCredential.SHA1, "pencil", new byte[0], 1));
        assertThrows(IllegalArgumentException.class, () -> Scram.derive(ScramCredential.SHA1, "", RFC5802_SALT, 1));
    }
}
