package dev.parley.xmpp.net;

import dev.parley.xmpp.server.StreamSession;
import dev.parley.xmpp.server.Transport;
import dev.parley.xmpp.server.XmppNode;
import dev.parley.xmpp.xml.StreamEvent;
import dev.parley.xmpp.xml.XmlStreamTokenizer;
import dev.parley.xmpp.xml.XmppStreamException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One TCP connection: feeds received bytes to the non-blocking tokenizer on the event loop and hands
 * parsed events to the {@link StreamSession}; implements the session's {@link Transport}. Writes from
 * any thread are queued and flushed in batches on the event loop (one flush per burst, not per stanza).
 */
public final class C2sHandler extends ChannelInboundHandlerAdapter implements Transport {
    private static final Logger LOG = Logger.getLogger(C2sHandler.class.getName());

    private final XmppNode node;
    private final boolean directTls;
    private Channel channel;
    private StreamSession session;
    private XmlStreamTokenizer tokenizer;
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private boolean paused;
    private boolean inputDead;
    private volatile boolean secure;
    private volatile String remote = "?";
    private final ConcurrentLinkedQueue<String> out = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flushOut;
    private ScheduledFuture<?> authDeadline;

    public C2sHandler(XmppNode node, boolean directTls) {
        this.node = node;
        this.directTls = directTls;
        this.secure = directTls;
    }

    // ----------------------------------------------------------- inbound (event loop)

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (channel.remoteAddress() instanceof InetSocketAddress a) remote = a.getAddress().getHostAddress() + ":" + a.getPort();
        tokenizer = new XmlStreamTokenizer(node.config().maxStanzaBytes);
        session = node.newSession(this);
        authDeadline = channel.eventLoop().schedule(() -> {
            if (!session.authenticated()) session.close("connection-timeout", "authentication took too long");
        }, node.config().unauthenticatedTimeoutSeconds, TimeUnit.SECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            if (inputDead) return;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            backlog.add(bytes);
        } finally {
            buf.release();
        }
        drain();
    }

    private void drain() {
        while (!paused && !inputDead) {
            StreamEvent ev;
            try {
                ev = tokenizer.next();
            } catch (XmppStreamException e) {
                inputDead = true;
                backlog.clear();
                session.parseError(e.condition(), e.getMessage());
                break;
            }
            if (ev == null) {
                byte[] next = backlog.poll();
                if (next == null) break;
                tokenizer.feed(next, 0, next.length);
                continue;
            }
            if (session.inbound(ev)) paused = true;
        }
        channel.config().setAutoRead(!paused && !inputDead);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inputDead = true;
        if (authDeadline != null) authDeadline.cancel(false);
        node.sessionClosed(session);
        session.transportClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            LOG.fine(() -> "TLS handshake failed with " + remote + ": " + e.cause());
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) LOG.fine(() -> "connection error " + remote + ": " + cause);
        else LOG.log(Level.FINE, "connection error " + remote, cause);
        ctx.close();
    }

    // ----------------------------------------------------------- Transport (any thread)

    @Override
    public void write(String data) {
        out.add(data);
        if (flushScheduled.compareAndSet(false, true)) channel.eventLoop().execute(flushTask);
    }

    private void flushOut() {
        flushScheduled.set(false);
        String s;
        boolean wrote = false;
        while ((s = out.poll()) != null) {
            if (!channel.isActive()) { out.clear(); return; }
            channel.write(ByteBufUtil.writeUtf8(channel.alloc(), s), channel.voidPromise());
            wrote = true;
        }
        if (wrote) channel.flush();
    }

    @Override
    public void startTls(String proceed) {
        channel.eventLoop().execute(() -> {
            flushOut();
            SslHandler ssl = node.tls().startTls().newHandler(channel.alloc()); // built with startTls: the proceed goes out in the clear
            channel.pipeline().addFirst("tls", ssl);
            channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), proceed), channel.voidPromise());
            secure = true;
            backlog.clear();
            tokenizer.restart(false);
        });
    }

    @Override
    public void restartStream() {
        channel.eventLoop().execute(() -> tokenizer.restart(true));
    }

    @Override
    public void resumeReading() {
        channel.eventLoop().execute(() -> {
            if (!paused) return;
            paused = false;
            drain();
        });
    }

    @Override
    public void close() {
        channel.eventLoop().execute(() -> {
            flushOut();
            inputDead = true;
            channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        });
    }

    @Override public boolean secure() { return secure; }
    @Override public boolean tlsAvailable() { return !directTls && node.tls() != null; }
    @Override public byte[] tlsServerEndPoint() { return secure && node.tls() != null ? node.tls().tlsServerEndPoint() : null; }
    @Override public String name() { return directTls ? "tls" : "tcp"; }
    @Override public String remoteAddress() { return remote; }
}
