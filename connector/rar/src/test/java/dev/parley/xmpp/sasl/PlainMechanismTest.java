package dev.parley.xmpp.sasl;

import static dev.parley.xmpp.sasl.SaslFailure.Condition.ACCOUNT_DISABLED;
import static dev.parley.xmpp.sasl.SaslFailure.Condition.ENCRYPTION_REQUIRED;
import static dev.parley.xmpp.sasl.SaslFailure.Condition.INVALID_AUTHZID;
import static dev.parley.xmpp.sasl.SaslFailure.Condition.MALFORMED_REQUEST;
import static dev.parley.xmpp.sasl.SaslFailure.Condition.NOT_AUTHORIZED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.xmpp.sasl.SaslExchange.Challenge;
import dev.parley.xmpp.sasl.SaslExchange.Success;

class PlainMechanismTest {
    private final PlainMechanism plain = new PlainMechanism();

    private static byte[] msg(String authzid, String authcid, String password) {
        return (authzid + "\0" + authcid + "\0" + password).getBytes(UTF_8);
    }

    private static SaslFailure fails(SaslFailure.Condition expected, Executable executable) {
        SaslFailure f = assertThrows(SaslFailure.class, executable);
        assertEquals(expected, f.condition(), () -> "text: " + f.text());
        return f;
    }

    @Test
    void success() throws Exception {
        TestContext ctx = TestContext.tls().account("juliet", "pencil");
        SaslExchange ex = plain.start(ctx);
        var step = ex.evaluate(msg("", "Juliet", "pencil"));
        assertInstanceOf(Success.class, step);
        assertNull(((Success) step).additionalData());
        assertTrue(ex.complete());
        assertEquals("juliet", ex.authenticatedUser());
        fails(MALFORMED_REQUEST, () -> ex.evaluate(msg("", "juliet", "pencil"))); // no extra step
    }

    @Test
    void passwordIsPreparedWithOpaqueString() throws Exception {
        TestContext ctx = TestContext.tls().account("juliet", "caf\u00E9 au lait");
        assertTrue(plain.start(ctx).evaluate(msg("", "juliet", "cafe\u0301\u00A0au lait")) instanceof Success);
    }

    /** Where the server keeps passwords, PLAIN compares with the kept (prepared) password and derives nothing. */
    @Test
    void storedPasswordIsComparedInsteadOfDerivingTheScramKey() throws Exception {
        TestContext ctx = TestContext.tls();
        // SCRAM credentials of another password: only the comparison with the kept one can accept "pencil"
        ScramCredential other = Scram.derive(ScramCredential.SHA256, "other", Scram.newSalt(), 4096);
        ctx.accounts.put("juliet", new dev.parley.xmpp.api.AccountCredentials("juliet", null, other, false,
                dev.parley.xmpp.jid.Jid.preparePassword("caf\u00E9 au lait")));
        assertInstanceOf(Success.class, plain.start(ctx).evaluate(msg("", "juliet", "cafe\u0301\u00A0au lait")));
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "juliet", "other")));
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "juliet", "caf\u00E9 au lai")));
        ctx.accounts.put("romeo", new dev.parley.xmpp.api.AccountCredentials("romeo", null, other, true, "pencil"));
        fails(ACCOUNT_DISABLED, () -> plain.start(ctx).evaluate(msg("", "romeo", "pencil")));
    }

    @Test
    void sha1CredentialIsUsedWhenThereIsNoSha256() throws Exception {
        TestContext ctx = TestContext.tls().account("juliet", "pencil", true, false, false);
        assertInstanceOf(Success.class, plain.start(ctx).evaluate(msg("", "juliet", "pencil")));
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "juliet", "pen")));
    }

    @Test
    void failures() {
        TestContext ctx = TestContext.tls().account("juliet", "pencil").account("romeo", "x", true, true, true);
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "juliet", "Pencil")));
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "tybalt", "pencil")));
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "foo bar", "pencil")));
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "juliet", "pen\u0007cil")));
        fails(NOT_AUTHORIZED, () -> plain.start(ctx).evaluate(msg("", "romeo", "wrong")));
        fails(ACCOUNT_DISABLED, () -> plain.start(ctx).evaluate(msg("", "romeo", "x")));
        SaslExchange ex = plain.start(ctx);
        fails(NOT_AUTHORIZED, () -> ex.evaluate(msg("", "juliet", "wrong")));
        assertFalse(ex.complete());
        assertNull(ex.authenticatedUser());
        fails(MALFORMED_REQUEST, () -> ex.evaluate(msg("", "juliet", "pencil")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"juliet", "Juliet", "juliet@example.com", "JULIET@example.com."})
    void ownAuthzidIsAccepted(String authzid) throws Exception {
        TestContext ctx = TestContext.tls().account("juliet", "pencil");
        SaslExchange ex = plain.start(ctx);
        ex.evaluate(msg(authzid, "juliet", "pencil"));
        assertEquals("juliet", ex.authenticatedUser());
    }

    @ParameterizedTest
    @ValueSource(strings = {"romeo", "romeo@example.com", "juliet@example.org", "juliet@example.com/balcony",
            "example.com", "juliet/res", "a b", "@"})
    void otherAuthzidIsRefused(String authzid) {
        TestContext ctx = TestContext.tls().account("juliet", "pencil").account("romeo", "pencil");
        fails(INVALID_AUTHZID, () -> plain.start(ctx).evaluate(msg(authzid, "juliet", "pencil")));
    }

    @Test
    void bareJidAuthzidNeedsTheDomain() {
        TestContext ctx = TestContext.tls().account("juliet", "pencil");
        ctx.domain = null;
        fails(INVALID_AUTHZID, () -> plain.start(ctx).evaluate(msg("juliet@example.com", "juliet", "pencil")));
    }

    @Test
    void refusedWithoutTls() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        assertFalse(plain.availableFor(ctx));
        fails(ENCRYPTION_REQUIRED, () -> plain.start(ctx).evaluate(msg("", "juliet", "pencil")));
        ctx.plainAllowedWithoutTls = true;
        assertTrue(plain.availableFor(ctx));
        assertInstanceOf(Success.class, plain.start(ctx).evaluate(msg("", "juliet", "pencil")));
        assertTrue(plain.availableFor(TestContext.tls()));
    }

    @Test
    void malformed() {
        TestContext ctx = TestContext.tls().account("juliet", "pencil");
        for (String m : new String[] {"", "juliet", "juliet\0pencil", "\0\0", "\0juliet\0", "\0\0pencil",
                "\0juliet\0pencil\0", "a\0juliet\0pen\0cil"}) {
            fails(MALFORMED_REQUEST, () -> plain.start(ctx).evaluate(m.getBytes(UTF_8)));
        }
        fails(MALFORMED_REQUEST, () -> plain.start(ctx).evaluate(new byte[] {0, 'j', (byte) 0xFF, 0, 'p'}));
    }

    @Test
    void noInitialResponseGetsAnEmptyChallenge() throws Exception {
        TestContext ctx = TestContext.tls().account("juliet", "pencil");
        SaslExchange ex = plain.start(ctx);
        assertArrayEquals(new byte[0], ((Challenge) ex.evaluate(null)).data());
        assertInstanceOf(Success.class, ex.evaluate(msg("", "juliet", "pencil")));
        SaslExchange twice = plain.start(ctx);
        twice.evaluate(null);
        fails(MALFORMED_REQUEST, () -> twice.evaluate(null));
    }
}
