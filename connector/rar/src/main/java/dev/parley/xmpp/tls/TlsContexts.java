package dev.parley.xmpp.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

/**
 * Server-side TLS contexts built from one {@link TlsMaterial}: TLS 1.3 and 1.2 only, forward-secret
 * AEAD cipher suites only, JDK provider.
 *
 * <ul>
 *   <li>{@link #startTls()} — for STARTTLS on the XMPP port. Built with Netty's {@code startTls}
 *       flag: an {@code SslHandler} made from it lets the <em>first</em> write pass in clear text.
 *       So install the handler first, then write {@code <proceed/>} through it; the TLS handshake
 *       follows. (Do not install it only after {@code <proceed/>} has been written, or the next
 *       stream header would go out unencrypted.)</li>
 *   <li>{@link #directTls()} — for XEP-0368 direct TLS. Advertises ALPN {@value #ALPN_XMPP_CLIENT}
 *       when the client offers it; a client offering no ALPN, or only other protocols, still
 *       connects (no protocol is selected then).</li>
 *   <li>{@link #sslContext()} — a plain JDK {@link SSLContext} with the same key, for HTTP /
 *       WebSocket listeners; apply {@link #serverParameters()} to its engines.</li>
 * </ul>
 */
public final class TlsContexts {

    /** XEP-0368 ALPN protocol id for client-to-server streams. */
    public static final String ALPN_XMPP_CLIENT = "xmpp-client";
    /** XEP-0368 ALPN protocol id for server-to-server streams. */
    public static final String ALPN_XMPP_SERVER = "xmpp-server";

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final TlsMaterial material;
    private final List<String> cipherSuites;
    private final SSLContext sslContext;
    private final SslContext startTls;
    private final SslContext directTls;

    private TlsContexts(TlsMaterial material) throws GeneralSecurityException, SSLException {
        this.material = material;
        this.sslContext = jdkContext(material);
        this.cipherSuites = List.copyOf(Arrays.stream(sslContext.getDefaultSSLParameters().getCipherSuites())
                .filter(forwardSecretAead())
                .toList());
        if (cipherSuites.isEmpty()) {
            throw new GeneralSecurityException("the JDK enables no forward-secret AEAD cipher suite");
        }
        this.startTls = builder(material)
                .startTls(true)
                .build();
        this.directTls = builder(material)
                .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        // server side: continue without ALPN when nothing matches (JDK engine)
                        SelectorFailureBehavior.NO_ADVERTISE,
                        SelectedListenerFailureBehavior.ACCEPT,
                        ALPN_XMPP_CLIENT))
                .build();
    }

    /** Builds the contexts for {@code material}. */
    public static TlsContexts create(TlsMaterial material) throws GeneralSecurityException, SSLException {
        return new TlsContexts(Objects.requireNonNull(material, "material"));
    }

    private SslContextBuilder builder(TlsMaterial material) {
        return SslContextBuilder.forServer(material.key(), material.chain())
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(cipherSuites, SupportedCipherSuiteFilter.INSTANCE)
                .clientAuth(ClientAuth.NONE);
    }

    private static SSLContext jdkContext(TlsMaterial material) throws GeneralSecurityException {
        char[] password = new char[0]; // in-memory store only
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("server", material.key(), password, material.chain());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        return context;
    }

    /**
     * TLS 1.3 suites (all AEAD with ephemeral key exchange) and TLS 1.2 ECDHE/DHE suites with
     * GCM, CCM or ChaCha20-Poly1305.
     */
    static Predicate<String> forwardSecretAead() {
        return suite -> {
            if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
                return true;
            }
            boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
            boolean aead = suite.contains("_GCM_") || suite.endsWith("_CCM") || suite.contains("_CCM_")
                    || suite.contains("_CHACHA20_POLY1305_");
            boolean weak = suite.contains("_anon_") || suite.contains("_NULL_") || suite.contains("_PSK_")
                    || suite.contains("_EXPORT_");
            return ephemeral && aead && !weak;
        };
    }

    /** The context for STARTTLS (first write passes unencrypted; see the class comment). */
    public SslContext startTls() {
        return startTls;
    }

    /** The context for XEP-0368 direct TLS, with ALPN {@value #ALPN_XMPP_CLIENT}. */
    public SslContext directTls() {
        return directTls;
    }

    /** A plain JDK context holding the same key; combine with {@link #serverParameters()}. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Fresh server parameters with the protocols and cipher suites used here (no ALPN, no client auth). */
    public SSLParameters serverParameters() {
        SSLParameters parameters = new SSLParameters(cipherSuites.toArray(String[]::new), protocols());
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(false);
        return parameters;
    }

    /** The enabled protocols: {@code TLSv1.3, TLSv1.2}. */
    public String[] protocols() {
        return PROTOCOLS.toArray(String[]::new);
    }

    /** The enabled cipher suites, in preference order. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The key material these contexts were built from. */
    public TlsMaterial material() {
        return material;
    }
}
