package dev.parley.xmpp.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlainVerifierCacheTest {
    private static final ScramCredential PW = Scram.derive(ScramCredential.SHA256, "secret", Scram.newSalt(), 4096);

    @Test
    void aRememberedPasswordMatchesOnlyForTheSameUserPasswordAndCredential() {
        PlainVerifierCache c = new PlainVerifierCache(10);
        assertFalse(c.matches("juliet", PW, "secret"), "nothing verified yet");
        c.remember("juliet", PW, "secret");
        assertTrue(c.matches("juliet", PW, "secret"));
        assertFalse(c.matches("juliet", PW, "Secret"), "another password");
        assertFalse(c.matches("romeo", PW, "secret"), "another user");
        ScramCredential changed = Scram.derive(ScramCredential.SHA256, "secret", Scram.newSalt(), 4096);
        assertFalse(c.matches("juliet", changed, "secret"), "a new credential (password set again) is verified afresh");
    }

    @Test
    void boundedAndCanBeSwitchedOff() {
        PlainVerifierCache c = new PlainVerifierCache(5);
        for (int i = 0; i < 20; i++) c.remember("u" + i, PW, "secret");
        assertTrue(c.size() <= 5, "bounded: " + c.size());
        PlainVerifierCache off = new PlainVerifierCache(0);
        off.remember("juliet", PW, "secret");
        assertFalse(off.matches("juliet", PW, "secret"));
        assertEquals(0, off.size());
    }
}
