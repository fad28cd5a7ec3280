package dev.parley.xmpp.net;

import dev.parley.xmpp.server.ServerConfig;
import dev.parley.xmpp.tls.TlsContexts;
import dev.parley.xmpp.tls.TlsMaterial;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;

/** The node's TLS: its Netty context and the channel binding data of its certificate. */
public final class ServerTls {
    private final TlsMaterial material;
    private final TlsContexts contexts;
    private final byte[] endPoint;

    private ServerTls(TlsMaterial material) throws Exception {
        this.material = material;
        this.contexts = TlsContexts.create(material);
        this.endPoint = material.tlsServerEndPoint();
    }

    /** From the configured PKCS#12 keystore, or a self-signed certificate kept in the data directory. */
    public static ServerTls create(ServerConfig config) throws Exception {
        TlsMaterial m = config.keystore != null
                ? TlsMaterial.load(Path.of(config.keystore), config.keystorePassword.toCharArray(), config.keystoreAlias)
                : TlsMaterial.selfSigned(config.dataDir, config.domain);
        return new ServerTls(m);
    }

    /** For STARTTLS: the first write after the handler is added (the proceed) goes out in the clear. */
    public SslContext startTls() { return contexts.startTls(); }
    /** For XEP-0368 direct TLS. */
    public SslContext directTls() { return contexts.directTls(); }
    public TlsContexts contexts() { return contexts; }
    public byte[] tlsServerEndPoint() { return endPoint.clone(); }
    public TlsMaterial material() { return material; }
}
