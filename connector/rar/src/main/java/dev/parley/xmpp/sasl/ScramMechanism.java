package dev.parley.xmpp.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import dev.parley.xmpp.api.AccountCredentials;
import dev.parley.xmpp.jid.InvalidJidException;
import dev.parley.xmpp.jid.Jid;

/**
 * Server side of SCRAM-SHA-1, SCRAM-SHA-256 (RFC 5802, RFC 7677) and their channel-binding -PLUS
 * variants.
 *
 * <p>Channel binding: a -PLUS exchange requires the "p=" flag with a type the context supports and
 * checks that {@code c=} carries the GS2 header followed by that type's binding data. A plain exchange
 * accepts "n", and "y"; with {@link SaslContext#strictChannelBinding()} it refuses "y" when the server
 * supports channel binding on this connection (a downgrade, RFC 5802 §6); its {@code c=} must carry
 * exactly the GS2 header.
 *
 * <p>Unknown accounts: the exchange continues with a salt derived deterministically from the username
 * and a per-server secret, the configured iteration count and random keys, and fails only at the proof
 * with not-authorized, so responses do not reveal which accounts exist. The secret should be stable
 * across restarts (see {@link #ScramMechanism(String, boolean, byte[], int, Supplier)}).
 */
public final class ScramMechanism implements SaslMechanism {
    /** Longest client nonce accepted. */
    static final int MAX_NONCE_LENGTH = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Used when no secret is configured: stable for the life of the process only. */
    private static final byte[] PROCESS_SECRET = randomBytes(32);

    private final String hash;
    private final boolean plus;
    private final String name;
    private final byte[] secret;
    private final int unknownUserIterations;
    private final Supplier<String> serverNonces;

    /**
     * A mechanism with a per-process secret for unknown-user salts, {@link Scram#DEFAULT_ITERATIONS}
     * for unknown users and random server nonces.
     *
     * @param hash {@link ScramCredential#SHA1} or {@link ScramCredential#SHA256}
     * @param plus true for the channel-binding (-PLUS) variant
     */
    public ScramMechanism(String hash, boolean plus) {
        this(hash, plus, PROCESS_SECRET, Scram.DEFAULT_ITERATIONS, ScramMechanism::randomNonce);
    }

    /**
     * A mechanism with random server nonces.
     *
     * @param hash {@link ScramCredential#SHA1} or {@link ScramCredential#SHA256}
     * @param plus true for the channel-binding (-PLUS) variant
     * @param secret per-server secret keying the fake salts of unknown users (keep it stable and private)
     * @param unknownUserIterations iteration count announced for unknown users; should match the count
     *        used for real accounts
     */
    public ScramMechanism(String hash, boolean plus, byte[] secret, int unknownUserIterations) {
        this(hash, plus, secret, unknownUserIterations, ScramMechanism::randomNonce);
    }

    /**
     * @param hash {@link ScramCredential#SHA1} or {@link ScramCredential#SHA256}
     * @param plus true for the channel-binding (-PLUS) variant
     * @param secret per-server secret keying the fake salts of unknown users (keep it stable and private)
     * @param unknownUserIterations iteration count announced for unknown users; should match the count
     *        used for real accounts
     * @param serverNonces source of server nonce parts: printable ASCII without ',' (tests inject fixed ones)
     */
    public ScramMechanism(String hash, boolean plus, byte[] secret, int unknownUserIterations,
                          Supplier<String> serverNonces) {
        Scram.length(hash); // validates
        if (secret == null || secret.length == 0) throw new IllegalArgumentException("empty secret");
        if (unknownUserIterations < 1) throw new IllegalArgumentException("iteration count must be positive");
        this.hash = hash;
        this.plus = plus;
        this.name = "SCRAM-" + hash + (plus ? "-PLUS" : "");
        this.secret = secret.clone();
        this.unknownUserIterations = unknownUserIterations;
        this.serverNonces = Objects.requireNonNull(serverNonces, "serverNonces");
    }

    @Override public String name() { return name; }

    /** "SHA-1" or "SHA-256". */
    public String hash() { return hash; }

    public boolean plus() { return plus; }

    @Override public boolean availableFor(SaslContext context) {
        return !plus || supportsChannelBinding(context);
    }

    @Override public SaslExchange start(SaslContext context) {
        return new Exchange(context);
    }

    @Override public String toString() { return name; }

    /** Whether the connection offers channel binding: TLS and at least one type with data. */
    static boolean supportsChannelBinding(SaslContext context) {
        if (!context.secure()) return false;
        Set<String> types = context.channelBindingTypes();
        if (types == null) return false;
        for (String type : types) if (context.channelBinding(type) != null) return true;
        return false;
    }

    private static String randomNonce() {
        return Base64.getEncoder().encodeToString(randomBytes(24));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private enum State { INITIAL, AWAITING_FINAL, DONE }

    private final class Exchange implements SaslExchange {
        private final SaslContext context;
        private State state = State.INITIAL;
        private boolean emptyChallengeSent;
        private String user;

        // set by the client-first message
        private byte[] gs2Header;
        private byte[] cbData;          // null unless "p="
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private String normalizedUser;  // null if the username is not valid
        private boolean known;
        private boolean disabled;
        private byte[] storedKey;
        private byte[] serverKey;

        Exchange(SaslContext context) { this.context = context; }

        @Override public Step evaluate(byte[] response) throws SaslFailure {
            State current = state;
            state = State.DONE; // until proven otherwise: a failure ends the exchange
            switch (current) {
                case INITIAL -> {
                    if (response == null) {
                        if (emptyChallengeSent) throw SaslSupport.malformed("missing client-first-message");
                        emptyChallengeSent = true;
                        state = State.INITIAL;
                        return new Challenge(new byte[0]);
                    }
                    Step step = clientFirst(SaslSupport.utf8(response));
                    state = State.AWAITING_FINAL;
                    return step;
                }
                case AWAITING_FINAL -> {
                    if (response == null) throw SaslSupport.malformed("missing client-final-message");
                    return clientFinal(SaslSupport.utf8(response));
                }
                default -> throw SaslSupport.malformed("unexpected step");
            }
        }

        @Override public String authenticatedUser() { return user; }

        @Override public boolean complete() { return user != null; }

        // ------------------------------------------------------------ client-first-message

        private Step clientFirst(String message) throws SaslFailure {
            // gs2-header = gs2-cbind-flag "," [ authzid ] ","
            int c1 = message.indexOf(',');
            int c2 = c1 < 0 ? -1 : message.indexOf(',', c1 + 1);
            if (c2 < 0) throw SaslSupport.malformed("missing GS2 header");
            String flag = message.substring(0, c1);
            String authzField = message.substring(c1 + 1, c2);
            gs2Header = message.substring(0, c2 + 1).getBytes(StandardCharsets.UTF_8);
            clientFirstBare = message.substring(c2 + 1);

            String authzid = null;
            if (!authzField.isEmpty()) {
                if (!authzField.startsWith("a=")) throw SaslSupport.malformed("bad authzid field");
                authzid = saslname(authzField.substring(2));
            }

            channelBindingFlag(flag);

            // client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
            String[] attrs = clientFirstBare.split(",", -1);
            if (attrs[0].startsWith("m=")) throw SaslSupport.malformed("mandatory extensions are not supported");
            if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
                throw SaslSupport.malformed("expected n= and r= attributes");
            }
            String username = saslname(attrs[0].substring(2));
            String clientNonce = attrs[1].substring(2);
            if (!isNonce(clientNonce)) throw SaslSupport.malformed("bad client nonce");
            checkExtensions(attrs, 2, attrs.length);

            try {
                normalizedUser = Jid.normalizeUsername(username);
            } catch (InvalidJidException e) {
                normalizedUser = null;
            }
            if (!SaslSupport.authzidPermitted(authzid, normalizedUser, context)) {
                throw new SaslFailure(SaslFailure.Condition.INVALID_AUTHZID);
            }

            byte[] salt;
            int iterations;
            AccountCredentials account = normalizedUser == null ? null : context.credentials(normalizedUser);
            ScramCredential credential = account == null ? null : account.forHash(hash);
            if (credential != null && credential.iterations() > 0 && credential.salt() != null
                    && credential.salt().length > 0 && credential.storedKey() != null
                    && credential.storedKey().length == Scram.length(hash) && credential.serverKey() != null) {
                known = true;
                disabled = account.disabled();
                salt = credential.salt();
                iterations = credential.iterations();
                storedKey = credential.storedKey();
                serverKey = credential.serverKey();
            } else {
                // No such account (or no credential for this hash): carry on indistinguishably.
                known = false;
                salt = fakeSalt(normalizedUser != null ? normalizedUser : username);
                iterations = unknownUserIterations;
                storedKey = randomBytes(Scram.length(hash));
                serverKey = randomBytes(Scram.length(hash));
            }

            String serverNonce = serverNonces.get();
            if (serverNonce == null || serverNonce.isEmpty() || !isNonce(serverNonce)) {
                throw new SaslFailure(SaslFailure.Condition.TEMPORARY_AUTH_FAILURE);
            }
            nonce = clientNonce + serverNonce;
            serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
            return new Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
        }

        private void channelBindingFlag(String flag) throws SaslFailure {
            if (flag.equals("n")) {
                if (plus) throw SaslSupport.malformed(name + " requires channel binding");
            } else if (flag.equals("y")) {
                if (plus) throw SaslSupport.malformed(name + " requires channel binding");
                if (context.strictChannelBinding() && supportsChannelBinding(context)) {
                    // The client supports channel binding but believes we do not: the -PLUS offer was stripped.
                    throw new SaslFailure(SaslFailure.Condition.NOT_AUTHORIZED, "server-does-support-channel-binding");
                }
            } else if (flag.startsWith("p=")) {
                String type = flag.substring(2);
                if (!isCbName(type)) throw SaslSupport.malformed("bad channel binding type");
                if (!plus) throw SaslSupport.malformed("channel binding requires " + name + "-PLUS");
                Set<String> types = context.secure() ? context.channelBindingTypes() : null;
                byte[] data = types != null && types.contains(type) ? context.channelBinding(type) : null;
                if (data == null) throw SaslSupport.malformed("unsupported-channel-binding-type");
                cbData = data.clone();
            } else {
                throw SaslSupport.malformed("bad channel binding flag");
            }
        }

        // ------------------------------------------------------------ client-final-message

        private Step clientFinal(String message) throws SaslFailure {
            // client-final-message = channel-binding "," nonce ["," extensions] "," proof
            int p = message.lastIndexOf(",p=");
            if (p < 0) throw SaslSupport.malformed("missing proof");
            String withoutProof = message.substring(0, p);
            String proofField = message.substring(p + 3);
            String[] attrs = withoutProof.split(",", -1);
            if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
                throw SaslSupport.malformed("expected c= and r= attributes");
            }
            checkExtensions(attrs, 2, attrs.length);
            byte[] cbind = SaslSupport.base64(attrs[0].substring(2));
            byte[] proof = SaslSupport.base64(proofField);
            if (cbind == null || proof == null) throw SaslSupport.malformed("bad base64");

            byte[] expected = cbData == null ? gs2Header : concat(gs2Header, cbData);
            if (!MessageDigest.isEqual(expected, cbind)) {
                throw new SaslFailure(SaslFailure.Condition.NOT_AUTHORIZED, "channel-bindings-dont-match");
            }
            if (!nonce.equals(attrs[1].substring(2))) {
                throw new SaslFailure(SaslFailure.Condition.NOT_AUTHORIZED, "nonce mismatch");
            }

            byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof)
                    .getBytes(StandardCharsets.UTF_8);
            byte[] clientSignature = Scram.hmac(hash, storedKey, authMessage);
            byte[] clientKey = proof.length == clientSignature.length ? xor(proof, clientSignature) : clientSignature;
            byte[] computed = Scram.digest(hash, clientKey);
            boolean proofOk = MessageDigest.isEqual(computed, storedKey) & proof.length == clientSignature.length;
            byte[] serverSignature = Scram.hmac(hash, serverKey, authMessage);
            if (!(proofOk & known)) throw SaslSupport.notAuthorized();
            if (disabled) throw new SaslFailure(SaslFailure.Condition.ACCOUNT_DISABLED);

            user = normalizedUser;
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
            return new Success(serverFinal.getBytes(StandardCharsets.UTF_8));
        }

        private byte[] fakeSalt(String username) {
            // Keyed by hash, not mechanism name: a real account shows the same salt with and without -PLUS.
            byte[] mac = Scram.hmac(ScramCredential.SHA256, secret,
                    ("SCRAM-" + hash + '\0' + username).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(mac, Scram.SALT_LENGTH);
        }
    }

    // ---------------------------------------------------------------- syntax (RFC 5802 §7)

    /** saslname = 1*(value-safe-char / "=2C" / "=3D"), decoded. */
    static String saslname(String s) throws SaslFailure {
        if (s.isEmpty()) throw SaslSupport.malformed("empty name");
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\0') throw SaslSupport.malformed("NUL in name");
            if (c == '=') {
                if (s.startsWith("=2C", i)) {
                    if (sb == null) sb = new StringBuilder(s.substring(0, i));
                    sb.append(',');
                } else if (s.startsWith("=3D", i)) {
                    if (sb == null) sb = new StringBuilder(s.substring(0, i));
                    sb.append('=');
                } else {
                    throw SaslSupport.malformed("bad escape in name");
                }
                i += 2;
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** c-nonce = printable (%x21-2B / %x2D-7E), non-empty, bounded. */
    static boolean isNonce(String s) {
        if (s.isEmpty() || s.length() > MAX_NONCE_LENGTH) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') return false;
        }
        return true;
    }

    /** cb-name = 1*(ALPHA / DIGIT / "." / "-"). */
    private static boolean isCbName(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** extensions = attr-val *("," attr-val); attr-val = ALPHA "=" value. Unknown ones are ignored. */
    private static void checkExtensions(String[] attrs, int from, int to) throws SaslFailure {
        for (int i = from; i < to; i++) {
            String a = attrs[i];
            if (a.length() < 3 || a.charAt(1) != '=' || !isAlpha(a.charAt(0)) || a.indexOf('\0') >= 0) {
                throw SaslSupport.malformed("bad attribute");
            }
        }
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] r = new byte[a.length];
        for (int i = 0; i < r.length; i++) r[i] = (byte) (a[i] ^ b[i]);
        return r;
    }
}
