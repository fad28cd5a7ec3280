package dev.parley.xmpp.sasl;

import java.util.Set;

import dev.parley.xmpp.api.AccountCredentials;

/** What a SASL mechanism may know about the connection it authenticates and the accounts behind it. */
public interface SaslContext {
    /** True when the stream is protected by TLS. */
    boolean secure();

    /**
     * The channel-binding data of the given type for this connection (e.g. "tls-server-end-point",
     * see {@link ChannelBinding}), or null when it is not supported.
     */
    byte[] channelBinding(String type);

    /**
     * The channel-binding types the server supports on this connection. A context that returns a
     * non-empty set (with data) makes the -PLUS mechanisms available, and then a client that claims
     * the server lacks channel binding ("y" flag) is refused as a downgrade.
     */
    Set<String> channelBindingTypes();

    /** Whether PLAIN may be used on an unencrypted stream (testing/legacy only). */
    boolean plainAllowedWithoutTls();

    /**
     * The stored credentials of the account with that (normalised) username, or null if there is no
     * such account. May block.
     */
    AccountCredentials credentials(String normalizedUsername);

    /**
     * The XMPP domain being authenticated against, used to accept an authorization identity that is
     * the user's own bare JID. When null, only a bare username is accepted as authzid.
     */
    default String domain() { return null; }

    /**
     * Whether a client's "y" GS2 flag (it supports channel binding but believes the server does not)
     * fails the exchange when this connection offers channel binding (RFC 5802 §6 downgrade check).
     * Off by default: a client that knows only types this server does not offer (tls-unique under
     * TLS 1.3, for instance) sends "y" too, and would be locked out.
     */
    default boolean strictChannelBinding() { return false; }
}
