package dev.parley.xmpp.sasl;

import static dev.parley.xmpp.sasl.SaslFailure.Condition.ACCOUNT_DISABLED;
import static dev.parley.xmpp.sasl.SaslFailure.Condition.INVALID_AUTHZID;
import static dev.parley.xmpp.sasl.SaslFailure.Condition.MALFORMED_REQUEST;
import static dev.parley.xmpp.sasl.SaslFailure.Condition.NOT_AUTHORIZED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.xmpp.api.AccountCredentials;
import dev.parley.xmpp.sasl.SaslExchange.Challenge;
import dev.parley.xmpp.sasl.SaslExchange.Step;
import dev.parley.xmpp.sasl.SaslExchange.Success;

class ScramMechanismTest {
    private static final byte[] SECRET = "per-server secret for tests".getBytes(UTF_8);
    private static final String NONCE = "3rfcNHYJY1ZVvWVs7j";
    private static final byte[] END_POINT = Scram.digest(ScramCredential.SHA256, "certificate".getBytes(UTF_8));

    private static ScramMechanism mechanism(String hash, boolean plus, String serverNonce) {
        return new ScramMechanism(hash, plus, SECRET, 4096, () -> serverNonce);
    }

    private static ScramMechanism sha256(boolean plus) {
        return mechanism(ScramCredential.SHA256, plus, NONCE);
    }

    private static String text(Step step) {
        byte[] data = step instanceof Challenge c ? c.data() : ((Success) step).additionalData();
        return new String(data, UTF_8);
    }

    private static SaslFailure fails(SaslFailure.Condition expected, Executable executable) {
        SaslFailure f = assertThrows(SaslFailure.class, executable);
        assertEquals(expected, f.condition(), () -> "text: " + f.text());
        return f;
    }

    // ---------------------------------------------------------------- RFC test vectors

    @Test
    void rfc5802ScramSha1Example() throws Exception {
        byte[] salt = Base64.getDecoder().decode("QSXCR+Q6sek8bf92");
        TestContext ctx = TestContext.insecure();
        ctx.accounts.put("user", new AccountCredentials("user",
                Scram.derive(ScramCredential.SHA1, "pencil", salt, 4096), null, false));
        SaslExchange ex = mechanism(ScramCredential.SHA1, false, "3rfcNHYJY1ZVvWVs7j").start(ctx);
        assertEquals("SCRAM-SHA-1", mechanism(ScramCredential.SHA1, false, NONCE).name());

        Step first = ex.evaluate("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL".getBytes(UTF_8));
        assertInstanceOf(Challenge.class, first);
        assertEquals("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", text(first));
        assertFalse(ex.complete());
        assertNull(ex.authenticatedUser());

        Step last = ex.evaluate(("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=").getBytes(UTF_8));
        assertInstanceOf(Success.class, last);
        assertEquals("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", text(last));
        assertTrue(ex.complete());
        assertEquals("user", ex.authenticatedUser());

        fails(MALFORMED_REQUEST, () -> ex.evaluate(new byte[0]));
    }

    @Test
    void rfc7677ScramSha256Example() throws Exception {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        TestContext ctx = TestContext.insecure();
        ctx.accounts.put("user", new AccountCredentials("user", null,
                Scram.derive(ScramCredential.SHA256, "pencil", salt, 4096), false));
        SaslExchange ex = mechanism(ScramCredential.SHA256, false, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0").start(ctx);

        Step first = ex.evaluate("n,,n=user,r=rOprNGfwEbeRWgbNEkqO".getBytes(UTF_8));
        assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                text(first));
        Step last = ex.evaluate(("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=").getBytes(UTF_8));
        assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", text(last));
        assertEquals("user", ex.authenticatedUser());
    }

    // ---------------------------------------------------------------- credentials

    @Test
    void successWithIndependentClient() throws Exception {
        for (String hash : new String[] {ScramCredential.SHA1, ScramCredential.SHA256}) {
            TestContext ctx = TestContext.insecure().account("juliet", "s3cret pass");
            SaslExchange ex = mechanism(hash, false, NONCE).start(ctx);
            ScramClient client = new ScramClient(hash, "n,,", "Juliet", "abcdefgh", null);
            Step first = ex.evaluate(client.clientFirst());
            Step last = ex.evaluate(client.clientFinal(((Challenge) first).data(), "s3cret pass"));
            assertEquals(client.expectedServerFinal(), text(last));
            assertEquals("juliet", ex.authenticatedUser()); // case-mapped
        }
    }

    @Test
    void wrongPasswordIsNotAuthorized() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "right");
        SaslExchange ex = sha256(false).start(ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "juliet", "abcdefgh", null);
        Step first = ex.evaluate(client.clientFirst());
        byte[] fin = client.clientFinal(((Challenge) first).data(), "wrong");
        fails(NOT_AUTHORIZED, () -> ex.evaluate(fin));
        assertFalse(ex.complete());
        assertNull(ex.authenticatedUser());
        fails(MALFORMED_REQUEST, () -> ex.evaluate(fin)); // the exchange is over
    }

    @Test
    void unknownUserFailsOnlyAtTheProof() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "romeo", "abcdefgh", null);
        SaslExchange ex = sha256(false).start(ctx);
        Step first = ex.evaluate(client.clientFirst());
        String serverFirst = text(first);
        var attrs = ScramClient.attributes(serverFirst);
        assertEquals("abcdefgh" + NONCE, attrs.get("r"));
        assertEquals(Scram.SALT_LENGTH, Base64.getDecoder().decode(attrs.get("s")).length);
        assertEquals("4096", attrs.get("i"));
        byte[] fin = client.clientFinal(((Challenge) first).data(), "pencil");
        fails(NOT_AUTHORIZED, () -> ex.evaluate(fin));

        // the fake salt is stable for a username, so repeated probes look like a real account
        SaslExchange again = sha256(false).start(ctx);
        assertEquals(serverFirst, text(again.evaluate(client.clientFirst())));
        // ... and differs between usernames and between servers
        String other = text(sha256(false).start(ctx).evaluate("n,,n=tybalt,r=abcdefgh".getBytes(UTF_8)));
        assertNotEquals(attrs.get("s"), ScramClient.attributes(other).get("s"));
        String elsewhere = text(new ScramMechanism(ScramCredential.SHA256, false, "another secret".getBytes(UTF_8),
                4096, () -> NONCE).start(ctx).evaluate(client.clientFirst()));
        assertNotEquals(serverFirst, elsewhere);
    }

    @Test
    void unknownUserLooksTheSameWithAndWithoutPlus() throws Exception {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT);
        String plain = text(mechanism(ScramCredential.SHA256, false, NONCE).start(ctx)
                .evaluate("n,,n=romeo,r=abcdefgh".getBytes(UTF_8)));
        String plus = text(mechanism(ScramCredential.SHA256, true, NONCE).start(ctx)
                .evaluate("p=tls-server-end-point,,n=romeo,r=abcdefgh".getBytes(UTF_8)));
        assertEquals(plain, plus);
        String sha1 = text(mechanism(ScramCredential.SHA1, false, NONCE).start(ctx)
                .evaluate("n,,n=romeo,r=abcdefgh".getBytes(UTF_8)));
        assertNotEquals(plain, sha1); // real accounts have independent salts per hash too
    }

    @Test
    void invalidUsernameIsTreatedAsUnknown() throws Exception {
        TestContext ctx = TestContext.insecure();
        SaslExchange ex = sha256(false).start(ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "foo bar", "abcdefgh", null);
        Step first = ex.evaluate(client.clientFirst());
        fails(NOT_AUTHORIZED, () -> ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil")));
        assertEquals(0, ctx.lookups.get());
    }

    @Test
    void missingCredentialForTheHashIsTreatedAsUnknown() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil", false, true, false);
        SaslExchange ex = mechanism(ScramCredential.SHA1, false, NONCE).start(ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA1, "n,,", "juliet", "abcdefgh", null);
        Step first = ex.evaluate(client.clientFirst());
        fails(NOT_AUTHORIZED, () -> ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil")));
    }

    @Test
    void disabledAccount() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil", true, true, true);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "juliet", "abcdefgh", null);
        SaslExchange ex = sha256(false).start(ctx);
        Step first = ex.evaluate(client.clientFirst());
        fails(ACCOUNT_DISABLED, () -> ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil")));
        // without the password, a disabled account looks like any other failure
        SaslExchange ex2 = sha256(false).start(ctx);
        Step first2 = ex2.evaluate(client.clientFirst());
        fails(NOT_AUTHORIZED, () -> ex2.evaluate(client.clientFinal(((Challenge) first2).data(), "guess")));
    }

    @Test
    void usernameEscaping() throws Exception {
        TestContext ctx = TestContext.insecure().account("a,b=c", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "a=2Cb=3Dc", "abcdefgh", null);
        Step first = ex.evaluate(client.clientFirst());
        ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil"));
        assertEquals("a,b=c", ex.authenticatedUser());
    }

    @Test
    void authorizationIdentity() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        for (String authzid : new String[] {"juliet", "Juliet", "juliet@example.com", "juliet@EXAMPLE.com"}) {
            SaslExchange ex = sha256(false).start(ctx);
            ScramClient client = new ScramClient(ScramCredential.SHA256, "n,a=" + authzid + ",", "juliet", "abcdefgh", null);
            Step first = ex.evaluate(client.clientFirst());
            ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil"));
            assertEquals("juliet", ex.authenticatedUser(), authzid);
        }
        for (String authzid : new String[] {"romeo", "juliet@example.org", "juliet@example.com/balcony", "romeo@example.com"}) {
            SaslExchange ex = sha256(false).start(ctx);
            fails(INVALID_AUTHZID, () -> ex.evaluate(("n,a=" + authzid + ",n=juliet,r=abcdefgh").getBytes(UTF_8)));
        }
    }

    @Test
    void noInitialResponseGetsAnEmptyChallenge() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        Step empty = ex.evaluate(null);
        assertArrayEquals(new byte[0], ((Challenge) empty).data());
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "juliet", "abcdefgh", null);
        Step first = ex.evaluate(client.clientFirst());
        ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil"));
        assertTrue(ex.complete());

        SaslExchange twice = sha256(false).start(ctx);
        twice.evaluate(null);
        fails(MALFORMED_REQUEST, () -> twice.evaluate(null));
    }

    @Test
    void extensionsAreIgnored() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        Step first = ex.evaluate("n,,n=juliet,r=abcdefgh,x=extension".getBytes(UTF_8));
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "juliet", "abcdefgh,x=extension", null);
        byte[] fin = client.clientFinal(((Challenge) first).data(), "pencil");
        assertInstanceOf(Success.class, ex.evaluate(fin));
    }

    @Test
    void nonceMustBeEchoed() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        Step first = ex.evaluate("n,,n=juliet,r=abcdefgh".getBytes(UTF_8));
        // the client leaves out the server's part of the nonce
        String tampered = text(first).replace(NONCE, "");
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "juliet", "abcdefgh", null);
        byte[] fin = client.clientFinal(tampered.getBytes(UTF_8), "pencil");
        fails(NOT_AUTHORIZED, () -> ex.evaluate(fin));

        // a proof that is valid for what was sent but over a nonce other than the server's (a replay)
        SaslExchange replay = sha256(false).start(ctx);
        Step first2 = replay.evaluate("n,,n=juliet,r=abcdefgh".getBytes(UTF_8));
        ScramClient replayer = new ScramClient(ScramCredential.SHA256, "n,,", "juliet", "abcdefgh", null);
        replayer.nonceOverride = "abcdefghOLDSERVERNONCE";
        byte[] replayed = replayer.clientFinal(((Challenge) first2).data(), "pencil");
        SaslFailure f = fails(NOT_AUTHORIZED, () -> replay.evaluate(replayed));
        assertEquals("nonce mismatch", f.text());
    }

    @Test
    void mandatoryExtensionIsRefused() {
        SaslExchange ex = sha256(false).start(TestContext.insecure().account("juliet", "pencil"));
        SaslFailure f = fails(MALFORMED_REQUEST, () -> ex.evaluate("n,,m=ext,n=juliet,r=abcdefgh".getBytes(UTF_8)));
        assertEquals("mandatory extensions are not supported", f.text());
    }

    // ---------------------------------------------------------------- malformed messages

    @ParameterizedTest
    @ValueSource(strings = {
            "", "n", "n,", "n,,", "x,,n=juliet,r=abcdefgh", "yy,,n=juliet,r=abcdefgh", "p,,n=juliet,r=abcdefgh",
            "n,,r=abcdefgh", "n,,n=juliet", "n,,n=,r=abcdefgh", "n,,n=jul=iet,r=abcdefgh", "n,,n=jul=2ciet,r=abcdefgh",
            "n,,n=juliet=,r=abcdefgh", "n,,m=ext,n=juliet,r=abcdefgh", "n,,n=juliet,r=", "n,,n=juliet,r=abc defgh",
            "n,,n=juliet,r=abc\u00E9", "n,z=juliet,n=juliet,r=abcdefgh", "n,a=,n=juliet,r=abcdefgh",
            "n,,n=juliet,r=abcdefgh,", "n,,n=juliet,r=abcdefgh,1=x", "n,,n=juliet,r=abcdefgh,x=", "n,,n=juliet,r=abcdefgh,x",
            "n,,N=juliet,r=abcdefgh", "n,,r=abcdefgh,n=juliet", "n,,n=ju\u0000liet,r=abcdefgh", "p=,,n=juliet,r=abcdefgh",
            "p=tls server,,n=juliet,r=abcdefgh", "n,,n=juliet,,r=abcdefgh",
    })
    void malformedClientFirst(String message) {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        fails(MALFORMED_REQUEST, () -> ex.evaluate(message.getBytes(UTF_8)));
        fails(MALFORMED_REQUEST, () -> ex.evaluate("n,,n=juliet,r=abcdefgh".getBytes(UTF_8))); // over
    }

    @Test
    void invalidUtf8IsMalformed() {
        SaslExchange ex = sha256(false).start(TestContext.insecure());
        fails(MALFORMED_REQUEST, () -> ex.evaluate(new byte[] {'n', ',', ',', 'n', '=', (byte) 0xC3, 'x', ',', 'r', '=', 'a'}));
        SaslExchange big = sha256(false).start(TestContext.insecure());
        fails(MALFORMED_REQUEST, () -> big.evaluate(("n,,n=juliet,r=" + "a".repeat(9000)).getBytes(UTF_8)));
        SaslExchange longNonce = sha256(false).start(TestContext.insecure());
        fails(MALFORMED_REQUEST, () -> longNonce.evaluate(("n,,n=juliet,r=" + "a".repeat(1025)).getBytes(UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "r=NONCE,p=PROOF", "c=biws,p=PROOF", "c=biws,r=NONCE", "c=biws,r=NONCE,p=", "c=bi!s,r=NONCE,p=PROOF",
            "c=biw,r=NONCE,p=PROOF", "c=biws,r=NONCE,p=abc", "c=biws,r=NONCE,p=PROOF,x=after", "r=NONCE,c=biws,p=PROOF",
            "c=biws,r=NONCE,1=x,p=PROOF", "c=biws,r=NONCE,,p=PROOF", "c=biws,r=NONCE,p=PROOF\u0000",
    })
    void malformedClientFinal(String template) throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "n,,", "juliet", "abcdefgh", null);
        Step first = ex.evaluate(client.clientFirst());
        var good = ScramClient.attributes(new String(client.clientFinal(((Challenge) first).data(), "pencil"), UTF_8));
        String message = template.replace("NONCE", good.get("r")).replace("PROOF", good.get("p"));
        fails(MALFORMED_REQUEST, () -> ex.evaluate(message.getBytes(UTF_8)));
    }

    @Test
    void wrongProofLengthIsNotAuthorized() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        Step first = ex.evaluate("n,,n=juliet,r=abcdefgh".getBytes(UTF_8));
        String nonce = ScramClient.attributes(text(first)).get("r");
        fails(NOT_AUTHORIZED, () -> ex.evaluate(("c=biws,r=" + nonce + ",p=AAAA").getBytes(UTF_8)));
    }

    // ---------------------------------------------------------------- channel binding

    @Test
    void plusWithCorrectChannelBinding() throws Exception {
        for (String hash : new String[] {ScramCredential.SHA1, ScramCredential.SHA256}) {
            TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
            ScramMechanism m = mechanism(hash, true, NONCE);
            assertEquals("SCRAM-" + hash + "-PLUS", m.name());
            assertTrue(m.availableFor(ctx));
            SaslExchange ex = m.start(ctx);
            ScramClient client = new ScramClient(hash, "p=tls-server-end-point,,", "juliet", "abcdefgh", END_POINT);
            Step first = ex.evaluate(client.clientFirst());
            Step last = ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil"));
            assertEquals(client.expectedServerFinal(), text(last));
            assertEquals("juliet", ex.authenticatedUser());
        }
    }

    @Test
    void plusWithAuthzidAndChannelBinding() throws Exception {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        SaslExchange ex = sha256(true).start(ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "p=tls-server-end-point,a=juliet@example.com,",
                "juliet", "abcdefgh", END_POINT);
        Step first = ex.evaluate(client.clientFirst());
        assertInstanceOf(Success.class, ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil")));
    }

    @Test
    void plusWithWrongChannelBindingData() throws Exception {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        SaslExchange ex = sha256(true).start(ctx);
        byte[] otherCert = Scram.digest(ScramCredential.SHA256, "a MITM's certificate".getBytes(UTF_8));
        ScramClient client = new ScramClient(ScramCredential.SHA256, "p=tls-server-end-point,,", "juliet", "abcdefgh", otherCert);
        Step first = ex.evaluate(client.clientFirst());
        fails(NOT_AUTHORIZED, () -> ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil")));
    }

    @Test
    void plusWithoutChannelBindingDataInCbind() throws Exception {
        // the client claims p= in the header but sends only the header in c=
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        SaslExchange ex = sha256(true).start(ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "p=tls-server-end-point,,", "juliet", "abcdefgh", null);
        Step first = ex.evaluate(client.clientFirst());
        fails(NOT_AUTHORIZED, () -> ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil")));
    }

    @Test
    void plusWithUnsupportedChannelBindingType() {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        SaslExchange ex = sha256(true).start(ctx);
        SaslFailure f = fails(MALFORMED_REQUEST,
                () -> ex.evaluate("p=tls-unique,,n=juliet,r=abcdefgh".getBytes(UTF_8)));
        assertEquals("unsupported-channel-binding-type", f.text());
    }

    @Test
    void plusRequiresChannelBindingFlag() {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        fails(MALFORMED_REQUEST, () -> sha256(true).start(ctx).evaluate("n,,n=juliet,r=abcdefgh".getBytes(UTF_8)));
        fails(MALFORMED_REQUEST, () -> sha256(true).start(ctx).evaluate("y,,n=juliet,r=abcdefgh".getBytes(UTF_8)));
    }

    @Test
    void channelBindingFlagWithNonPlusMechanism() {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        fails(MALFORMED_REQUEST, () -> sha256(false).start(ctx)
                .evaluate("p=tls-server-end-point,,n=juliet,r=abcdefgh".getBytes(UTF_8)));
    }

    @Test
    void plusNotAvailableWithoutTlsOrData() {
        assertFalse(sha256(true).availableFor(TestContext.insecure()));
        assertFalse(sha256(true).availableFor(TestContext.tls()));
        TestContext notSecure = TestContext.tlsWithEndPoint(END_POINT);
        notSecure.secure = false;
        assertFalse(sha256(true).availableFor(notSecure));
        assertTrue(sha256(false).availableFor(TestContext.insecure()));
        // a client that tries anyway cannot bind to anything
        fails(MALFORMED_REQUEST, () -> sha256(true).start(notSecure)
                .evaluate("p=tls-server-end-point,,n=juliet,r=abcdefgh".getBytes(UTF_8)));
    }

    @Test
    void yFlagIsADowngradeWhenTheServerSupportsChannelBindingInStrictMode() {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        ctx.strict = true;
        SaslFailure f = fails(NOT_AUTHORIZED,
                () -> sha256(false).start(ctx).evaluate("y,,n=juliet,r=abcdefgh".getBytes(UTF_8)));
        assertEquals("server-does-support-channel-binding", f.text());
    }

    @Test
    void yFlagIsAcceptedByDefaultForClientsThatShareNoChannelBindingType() throws Exception {
        TestContext ctx = TestContext.tlsWithEndPoint(END_POINT).account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        assertInstanceOf(SaslExchange.Challenge.class, ex.evaluate("y,,n=juliet,r=abcdefgh".getBytes(UTF_8)));
    }

    @Test
    void yFlagIsFineWhenTheServerHasNoChannelBinding() throws Exception {
        for (TestContext ctx : new TestContext[] {TestContext.tls(), TestContext.insecure()}) {
            ctx.account("juliet", "pencil");
            SaslExchange ex = sha256(false).start(ctx);
            ScramClient client = new ScramClient(ScramCredential.SHA256, "y,,", "juliet", "abcdefgh", null);
            Step first = ex.evaluate(client.clientFirst());
            assertInstanceOf(Success.class, ex.evaluate(client.clientFinal(((Challenge) first).data(), "pencil")));
        }
    }

    @Test
    void nonPlusCbindMustEqualTheGs2Header() throws Exception {
        TestContext ctx = TestContext.insecure().account("juliet", "pencil");
        SaslExchange ex = sha256(false).start(ctx);
        // the client sent "n,," but claims "y,," in c=
        Step first = ex.evaluate("n,,n=juliet,r=abcdefgh".getBytes(UTF_8));
        ScramClient liar = new ScramClient(ScramCredential.SHA256, "y,,", "juliet", "abcdefgh", null);
        byte[] fin = liar.clientFinal(((Challenge) first).data(), "pencil");
        SaslFailure f = fails(NOT_AUTHORIZED, () -> ex.evaluate(fin));
        assertEquals("channel-bindings-dont-match", f.text());
    }

    @Test
    void serverNonceIsRandomByDefault() throws Exception {
        TestContext ctx = TestContext.insecure();
        ScramMechanism m = new ScramMechanism(ScramCredential.SHA256, false);
        String a = ScramClient.attributes(text(m.start(ctx).evaluate("n,,n=x,r=abc".getBytes(UTF_8)))).get("r");
        String b = ScramClient.attributes(text(m.start(ctx).evaluate("n,,n=x,r=abc".getBytes(UTF_8)))).get("r");
        assertTrue(a.startsWith("abc") && a.length() >= 3 + 24);
        assertNotEquals(a, b);
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new ScramMechanism("MD5", false));
        assertThrows(IllegalArgumentException.class, () -> new ScramMechanism(ScramCredential.SHA1, false, new byte[0], 4096));
        assertThrows(IllegalArgumentException.class, () -> new ScramMechanism(ScramCredential.SHA1, false, SECRET, 0));
    }
}
