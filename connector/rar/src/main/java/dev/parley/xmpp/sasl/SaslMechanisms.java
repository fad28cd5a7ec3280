package dev.parley.xmpp.sasl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SASL mechanisms the server knows, in order of preference (registration order). For each
 * connection, {@link #offered} lists those to advertise in {@code <mechanisms/>}; {@link #start}
 * begins the exchange a client selected in {@code <auth mechanism='...'/>}.
 */
public final class SaslMechanisms {
    private final List<SaslMechanism> mechanisms = new CopyOnWriteArrayList<>();

    /** An empty registry; see {@link #defaults()} for the usual one. */
    public SaslMechanisms() {}

    /**
     * The default registry: SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS (offered only when the connection has
     * channel-binding data), SCRAM-SHA-256, SCRAM-SHA-1, PLAIN (only over TLS unless allowed), with a
     * per-process secret for unknown-user salts.
     */
    public static SaslMechanisms defaults() {
        return new SaslMechanisms()
                .register(new ScramMechanism(ScramCredential.SHA256, true))
                .register(new ScramMechanism(ScramCredential.SHA1, true))
                .register(new ScramMechanism(ScramCredential.SHA256, false))
                .register(new ScramMechanism(ScramCredential.SHA1, false))
                .register(new PlainMechanism());
    }

    /**
     * The default mechanisms, with a stable per-server secret for unknown-user salts and the iteration
     * count real accounts use (so unknown accounts look alike across restarts).
     */
    public static SaslMechanisms defaults(byte[] unknownUserSecret, int iterations) {
        return defaults(unknownUserSecret, iterations, 0);
    }

    /** As {@link #defaults(byte[], int)}, PLAIN remembering up to {@code plainCacheSize} verified passwords in memory. */
    public static SaslMechanisms defaults(byte[] unknownUserSecret, int iterations, int plainCacheSize) {
        SaslMechanisms m = new SaslMechanisms();
        for (boolean plus : new boolean[] {true, false}) {
            for (String hash : new String[] {ScramCredential.SHA256, ScramCredential.SHA1}) {
                m.register(new ScramMechanism(hash, plus, unknownUserSecret, iterations));
            }
        }
        return m.register(new PlainMechanism(new PlainVerifierCache(plainCacheSize)));
    }

    /**
     * Adds a mechanism after those already registered (i.e. with lower preference).
     *
     * @throws IllegalArgumentException if one with the same name is already registered
     */
    public synchronized SaslMechanisms register(SaslMechanism mechanism) {
        Objects.requireNonNull(mechanism, "mechanism");
        if (get(mechanism.name()) != null) throw new IllegalArgumentException("already registered: " + mechanism.name());
        mechanisms.add(mechanism);
        return this;
    }

    /** The mechanisms to advertise on this connection, most preferred first. */
    public List<SaslMechanism> offered(SaslContext context) {
        List<SaslMechanism> result = new ArrayList<>(mechanisms.size());
        for (SaslMechanism m : mechanisms) if (m.availableFor(context)) result.add(m);
        return List.copyOf(result);
    }

    /** The names of {@link #offered}, for the {@code <mechanisms/>} feature. */
    public List<String> offeredNames(SaslContext context) {
        return offered(context).stream().map(SaslMechanism::name).toList();
    }

    /** The registered mechanism with that (case-sensitive) name, or null. */
    public SaslMechanism get(String name) {
        if (name == null) return null;
        for (SaslMechanism m : mechanisms) if (m.name().equals(name)) return m;
        return null;
    }

    /** All registered mechanisms in preference order. */
    public List<SaslMechanism> all() {
        return List.copyOf(mechanisms);
    }

    /**
     * Starts the exchange for the mechanism a client selected.
     *
     * @throws SaslFailure invalid-mechanism if it is unknown or not offered on this connection, or
     *         encryption-required if it is withheld only because the stream is not encrypted
     */
    public SaslExchange start(String name, SaslContext context) throws SaslFailure {
        SaslMechanism m = get(name);
        if (m == null) throw new SaslFailure(SaslFailure.Condition.INVALID_MECHANISM);
        if (!m.availableFor(context)) {
            throw new SaslFailure(context.secure() ? SaslFailure.Condition.INVALID_MECHANISM
                    : SaslFailure.Condition.ENCRYPTION_REQUIRED);
        }
        return m.start(context);
    }
}
