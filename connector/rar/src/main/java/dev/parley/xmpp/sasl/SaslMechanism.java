package dev.parley.xmpp.sasl;

/** One SASL mechanism (server side). Implementations are stateless and thread-safe. */
public interface SaslMechanism {
    /** The registered mechanism name, e.g. "SCRAM-SHA-256". */
    String name();

    /** Whether the mechanism may be offered on this connection. */
    boolean availableFor(SaslContext context);

    /** Begins an exchange; the returned object holds the per-exchange state and is not thread-safe. */
    SaslExchange start(SaslContext context);
}
