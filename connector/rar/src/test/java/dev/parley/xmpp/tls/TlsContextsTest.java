package dev.parley.xmpp.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback against a small Netty server using the contexts. */
class TlsContextsTest {

    private static final String PROCEED = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";

    @TempDir
    static Path dataDir;

    private static TlsContexts contexts;
    private static EventLoopGroup group;
    private static Channel directServer;
    private static Channel startTlsServer;
    private static SSLSocketFactory trustAll;

    @BeforeAll
    static void start() throws Exception {
        contexts = TlsContexts.create(TlsMaterial.selfSigned(dataDir, "localhost"));
        group = new NioEventLoopGroup(1);
        directServer = bind(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(contexts.directTls().newHandler(ch.alloc()), new ReportHandshake());
            }
        });
        startTlsServer = bind(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        // install the STARTTLS handler first, then write <proceed/> through it in clear text
                        ctx.pipeline().addFirst(contexts.startTls().newHandler(ctx.alloc()));
                        ctx.writeAndFlush(Unpooled.copiedBuffer(PROCEED, StandardCharsets.US_ASCII));
                        ctx.fireChannelActive();
                    }
                }, new ReportHandshake());
            }
        });

        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        trustAll = client.getSocketFactory();
    }

    private static Channel bind(ChannelInitializer<SocketChannel> initializer) throws InterruptedException {
        return new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(initializer)
                .bind(InetAddress.getLoopbackAddress(), 0)
                .sync()
                .channel();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (directServer != null) {
            directServer.close().await(5, TimeUnit.SECONDS);
        }
        if (startTlsServer != null) {
            startTlsServer.close().await(5, TimeUnit.SECONDS);
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** After the handshake, tells the client what the server negotiated: "protocol suite alpn". */
    private static final class ReportHandshake extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                    String alpn = ssl.applicationProtocol() == null ? "-" : ssl.applicationProtocol();
                    String line = ssl.engine().getSession().getProtocol() + " "
                            + ssl.engine().getSession().getCipherSuite() + " " + alpn + "\n";
                    ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII));
                } else {
                    ctx.close();
                }
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static SSLSocket connect(Channel server) throws Exception {
        SSLSocket socket = (SSLSocket) trustAll.createSocket(InetAddress.getLoopbackAddress(), port(server));
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Handshakes and returns the server's report: protocol, cipher suite, ALPN. */
    private static String[] handshake(SSLSocket socket) throws Exception {
        socket.startHandshake();
        String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        assertTrue(line != null, "server reported the handshake");
        String[] report = line.split(" ");
        assertEquals(socket.getSession().getProtocol(), report[0]);
        assertEquals(socket.getSession().getCipherSuite(), report[1]);
        return report;
    }

    @Test
    void negotiatesTls13ByDefault() throws Exception {
        try (SSLSocket socket = connect(directServer)) {
            String[] report = handshake(socket);
            assertEquals("TLSv1.3", report[0]);
            assertTrue(contexts.cipherSuites().contains(report[1]));
            assertEquals("-", report[2], "no ALPN offered, none selected");
            assertEquals(contexts.material().certificate(), socket.getSession().getPeerCertificates()[0]);
        }
    }

    @Test
    void negotiatesTls12WhenTheClientInsists() throws Exception {
        try (SSLSocket socket = connect(directServer)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            String[] report = handshake(socket);
            assertEquals("TLSv1.2", report[0]);
            assertTrue(report[1].startsWith("TLS_ECDHE_") || report[1].startsWith("TLS_DHE_"), report[1]);
            assertTrue(contexts.cipherSuites().contains(report[1]));
        }
    }

    @Test
    void refusesTls11() throws Exception {
        // The JDK client may itself refuse TLS 1.1 (disabled in java.security) ...
        try (SSLSocket socket = connect(directServer)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThrows(SSLException.class, socket::startHandshake);
        }
        // ... so also send a hand-made TLS 1.1 ClientHello and check the server answers with an alert.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(directServer))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int type = readOrEnd(in);
            assertNotEquals(0x16, type, "server must not answer with a handshake (ServerHello)");
            if (type == 0x15) {
                in.readUnsignedShort(); // record version
                assertEquals(2, in.readUnsignedShort());
                assertEquals(2, in.readUnsignedByte(), "fatal");
                assertEquals(70, in.readUnsignedByte(), "protocol_version alert");
            } else {
                assertEquals(-1, type, "connection closed");
            }
        }
    }

    private static int readOrEnd(InputStream in) throws Exception {
        try {
            return in.read();
        } catch (SocketException | EOFException e) { // reset by peer
            return -1;
        }
    }

    /** A minimal TLS 1.1 ClientHello (no extensions, no supported_versions). */
    private static byte[] tls11ClientHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(2); // client_version TLS 1.1
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0); // session id
        body.writeBytes(new byte[] {0, 4, (byte) 0xC0, 0x13, 0x00, 0x2F}); // ECDHE_RSA/RSA AES_128_CBC_SHA
        body.writeBytes(new byte[] {1, 0}); // null compression
        byte[] b = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.writeBytes(new byte[] {0x16, 3, 1, 0, (byte) (b.length + 4)});
        record.writeBytes(new byte[] {1, 0, 0, (byte) b.length});
        record.writeBytes(b);
        return record.toByteArray();
    }

    @Test
    void directTlsSelectsXmppClientAlpnWhenOffered() throws Exception {
        try (SSLSocket socket = connect(directServer)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"xmpp-client"});
            socket.setSSLParameters(parameters);
            String[] report = handshake(socket);
            assertEquals("xmpp-client", report[2]);
            assertEquals("xmpp-client", socket.getApplicationProtocol());
        }
        try (SSLSocket socket = connect(directServer)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            String[] report = handshake(socket);
            assertEquals("-", report[2], "unknown ALPN offers do not fail the handshake");
        }
    }

    @Test
    void startTlsSendsProceedInClearThenHandshakes() throws Exception {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port(startTlsServer))) {
            plain.setSoTimeout(10_000);
            byte[] proceed = new byte[PROCEED.length()];
            new DataInputStream(plain.getInputStream()).readFully(proceed); // unbuffered: reads no TLS bytes
            assertEquals(PROCEED, new String(proceed, StandardCharsets.US_ASCII));
            try (SSLSocket socket = (SSLSocket) trustAll.createSocket(plain, "localhost", plain.getPort(), true)) {
                String[] report = handshake(socket);
                assertEquals("TLSv1.3", report[0]);
                assertEquals("-", report[2]);
            }
        }
    }

    @Test
    void configurationIsRestricted() throws Exception {
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, contexts.protocols());
        List<String> suites = contexts.cipherSuites();
        assertTrue(suites.contains("TLS_AES_128_GCM_SHA256"), suites.toString());
        assertTrue(suites.contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), suites.toString());
        for (String suite : suites) {
            assertTrue(TlsContexts.forwardSecretAead().test(suite), suite);
            assertTrue(!suite.contains("CBC") && !suite.startsWith("TLS_RSA_"), suite);
        }
        assertTrue(contexts.startTls().isServer());
        assertTrue(contexts.directTls().isServer());
        assertEquals(List.of("xmpp-client"), contexts.directTls().applicationProtocolNegotiator().protocols());
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, contexts.serverParameters().getProtocols());
    }

    @Test
    void plainJdkContextServesTheSameCertificate() throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) contexts.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSSLParameters(contexts.serverParameters());
            CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                    String protocol = s.getSession().getProtocol();
                    s.getOutputStream().write((protocol + "\n").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read(); // wait for the client to close
                    return protocol;
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) trustAll.createSocket(InetAddress.getLoopbackAddress(),
                    server.getLocalPort())) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
                assertEquals(contexts.material().certificate(), socket.getSession().getPeerCertificates()[0]);
                new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            }
            assertEquals("TLSv1.3", accepted.get(10, TimeUnit.SECONDS));
        }
    }
}
