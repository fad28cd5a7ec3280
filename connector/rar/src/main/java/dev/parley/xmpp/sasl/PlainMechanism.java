package dev.parley.xmpp.sasl;

import java.nio.charset.StandardCharsets;

import dev.parley.xmpp.api.AccountCredentials;
import dev.parley.xmpp.jid.InvalidJidException;
import dev.parley.xmpp.jid.Jid;

/**
 * SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, verified against the account's
 * SCRAM-SHA-256 credential (SCRAM-SHA-1 when that is all there is), or compared with the stored password where the
 * server keeps passwords. Offered only on TLS-protected streams unless the context allows it in the clear.
 */
public final class PlainMechanism implements SaslMechanism {
    public static final String NAME = "PLAIN";

    /** Stands in for a missing credential so unknown accounts cost as much as known ones. */
    private static final byte[] DUMMY_SALT = "parley-plain-dummy-salt".getBytes(StandardCharsets.US_ASCII);

    private final PlainVerifierCache verified;

    /** PLAIN without a cache of verified passwords. */
    public PlainMechanism() { this(new PlainVerifierCache(0)); }

    /** PLAIN that remembers verified passwords (in memory) so reconnects skip the PBKDF2 derivation. */
    public PlainMechanism(PlainVerifierCache verified) { this.verified = verified; }

    @Override public String name() { return NAME; }

    @Override public boolean availableFor(SaslContext context) {
        return context.secure() || context.plainAllowedWithoutTls();
    }

    @Override public SaslExchange start(SaslContext context) {
        return new Exchange(context);
    }

    @Override public String toString() { return NAME; }

    private final class Exchange implements SaslExchange {
        private final SaslContext context;
        private boolean emptyChallengeSent;
        private boolean finished;
        private String user;

        Exchange(SaslContext context) { this.context = context; }

        @Override public Step evaluate(byte[] response) throws SaslFailure {
            if (finished) throw SaslSupport.malformed("unexpected step");
            if (response == null && !emptyChallengeSent) {
                emptyChallengeSent = true;
                return new Challenge(new byte[0]);
            }
            finished = true;
            if (response == null) throw SaslSupport.malformed("missing response");
            if (!availableFor(context)) {
                throw new SaslFailure(SaslFailure.Condition.ENCRYPTION_REQUIRED, "PLAIN requires TLS");
            }
            String message = SaslSupport.utf8(response);
            int nul1 = message.indexOf('\0');
            int nul2 = nul1 < 0 ? -1 : message.indexOf('\0', nul1 + 1);
            if (nul2 < 0 || message.indexOf('\0', nul2 + 1) >= 0) throw SaslSupport.malformed("expected authzid NUL authcid NUL passwd");
            String authzid = message.substring(0, nul1);
            String authcid = message.substring(nul1 + 1, nul2);
            String password = message.substring(nul2 + 1);
            if (authcid.isEmpty() || password.isEmpty()) throw SaslSupport.malformed("empty authcid or password");

            String normalized;
            try {
                normalized = Jid.normalizeUsername(authcid);
            } catch (InvalidJidException e) {
                normalized = null;
            }
            if (!SaslSupport.authzidPermitted(authzid, normalized, context)) {
                throw new SaslFailure(SaslFailure.Condition.INVALID_AUTHZID);
            }
            AccountCredentials account = normalized == null ? null : context.credentials(normalized);
            ScramCredential credential = account == null ? null
                    : account.sha256() != null ? account.sha256() : account.sha1();
            boolean ok;
            if (credential == null) {
                try { // same work as a real verification, result ignored
                    Scram.derive(ScramCredential.SHA256, password,
                            DUMMY_SALT, Scram.DEFAULT_ITERATIONS);
                } catch (IllegalArgumentException ignored) {
                    // unusable password: fails below anyway
                }
                ok = false;
            } else if (account.password() != null) {
                ok = account.passwordMatches(password); // the server keeps passwords: a comparison, no derivation
            } else if (verified.matches(normalized, credential, password)) {
                ok = true;
            } else {
                ok = Scram.verifyPlain(credential, password);
                if (ok) verified.remember(normalized, credential, password);
            }
            if (!ok) throw SaslSupport.notAuthorized();
            if (account.disabled()) throw new SaslFailure(SaslFailure.Condition.ACCOUNT_DISABLED);
            user = normalized;
            return new Success(null);
        }

        @Override public String authenticatedUser() { return user; }

        @Override public boolean complete() { return user != null; }
    }
}
