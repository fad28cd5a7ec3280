package dev.parley.xmpp.server;

import dev.parley.xmpp.api.XmppListener;
import dev.parley.xmpp.net.C2sHandler;
import dev.parley.xmpp.net.ServerTls;
import dev.parley.xmpp.sasl.SaslMechanisms;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A running XMPP node: the c2s listeners (plain+STARTTLS and direct TLS), the event loops, the
 * stanza workers and the session registry. Plain Java: the resource adapter creates one per endpoint
 * activation with threads from the WorkManager; tests create one with ordinary threads.
 */
public final class XmppNode {
    private static final Logger LOG = Logger.getLogger(XmppNode.class.getName());

    private final ServerConfig config;
    private final Executor threads;
    private final Dispatcher dispatcher;
    private final SessionRegistryImpl registry = new SessionRegistryImpl();
    private final Metrics metrics = new Metrics();
    private final Set<StreamSession> connections = ConcurrentHashMap.newKeySet();
    private final List<Channel> serverChannels = new ArrayList<>();
    private volatile List<String> boundFeatures = List.of();
    private SaslMechanisms mechanisms;
    private ServerTls tls;
    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private volatile boolean listening;

    public XmppNode(ServerConfig config, Executor threads, Supplier<XmppListener> acquire, Consumer<XmppListener> release) {
        this.config = config;
        this.threads = threads;
        this.dispatcher = new Dispatcher(config.workers, config.activeWorkers, acquire, release);
    }

    public synchronized void start() throws Exception {
        LOG.info("Starting XMPP node: " + String.join(", ", config.describe()));
        tls = ServerTls.create(config);
        mechanisms = mechanisms(config);
        dispatcher.start(threads);
        acceptGroup = new NioEventLoopGroup(1, threads);
        // the accept loop is otherwise idle: let it notice workers stalled in blocking calls
        acceptGroup.next().scheduleWithFixedDelay(dispatcher::checkStalled, 20, 20, TimeUnit.MILLISECONDS);
        ioGroup = new NioEventLoopGroup(config.ioThreads, threads);
        if (config.c2sPort > 0 || config.c2sPort == 0) serverChannels.add(bind(config.c2sPort, false));
        if (config.directTlsPort >= 0) serverChannels.add(bind(config.directTlsPort, true));
        listening = true;
        LOG.info("XMPP c2s listening on " + serverChannels.stream().map(c -> c.localAddress().toString()).toList()
                + " for domain " + config.domain);
    }

    private Channel bind(int port, boolean directTls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override protected void initChannel(SocketChannel ch) {
                        if (directTls) ch.pipeline().addLast("tls", tls.directTls().newHandler(ch.alloc()));
                        ch.pipeline().addLast("xmpp", new C2sHandler(XmppNode.this, directTls));
                    }
                });
        return b.bind(config.c2sAddress, port).sync().channel();
    }

    /** The configured mechanisms, in configured order (preference). */
    static SaslMechanisms mechanisms(ServerConfig config) throws java.io.IOException {
        SaslMechanisms all = SaslMechanisms.defaults(NodeSecret.load(config.dataDir), config.scramIterations, config.plainCacheSize);
        SaslMechanisms chosen = new SaslMechanisms();
        for (String name : config.saslMechanisms) {
            if (all.get(name) == null) throw new IllegalArgumentException("xmpp.sasl.mechanisms: unknown mechanism " + name);
            chosen.register(all.get(name));
        }
        return chosen;
    }

    /** Sends system-shutdown to every stream, then stops listeners, event loops and workers. */
    public synchronized void stop() {
        listening = false;
        for (Channel c : serverChannels) c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        serverChannels.clear();
        for (StreamSession s : connections) s.close("system-shutdown", "the server is shutting down");
        long deadline = System.currentTimeMillis() + 3000;
        while (!connections.isEmpty() && System.currentTimeMillis() < deadline) {
            try { Thread.sleep(20); } catch (InterruptedException e) { Thread.currentThread().interrupt(); break; }
        }
        dispatcher.stop(2000);
        if (ioGroup != null) ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        if (acceptGroup != null) acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        LOG.info("XMPP node stopped");
    }

    /** Called by a transport when a connection opens. */
    public StreamSession newSession(Transport transport) {
        StreamSession s = new StreamSession(this, transport);
        connections.add(s);
        metrics.connectionOpened();
        return s;
    }

    /** Called by a transport when its connection has closed. */
    public void sessionClosed(StreamSession s) {
        if (connections.remove(s)) metrics.connectionClosed();
    }

    /** Ports actually bound (useful when configured as 0). */
    public List<Integer> boundPorts() {
        return serverChannels.stream().map(c -> ((java.net.InetSocketAddress) c.localAddress()).getPort()).toList();
    }

    public ServerConfig config() { return config; }
    public SessionRegistryImpl registry() { return registry; }
    public Dispatcher dispatcher() { return dispatcher; }
    public Metrics metrics() { return metrics; }
    public SaslMechanisms mechanisms() { return mechanisms; }
    public ServerTls tls() { return tls; }
    /** One of the network event loops, for a transport that is not a Netty channel (WebSocket). */
    public io.netty.channel.EventLoop nextEventLoop() {
        EventLoopGroup g = ioGroup;
        if (g == null) throw new IllegalStateException("the XMPP node is not started");
        return g.next();
    }
    public boolean listening() { return listening; }
    /** Stream features offered after authentication besides bind and session (set by the application). */
    public List<String> boundFeatures() { return boundFeatures; }
    public void boundFeatures(List<String> features) { this.boundFeatures = List.copyOf(features); }
}
