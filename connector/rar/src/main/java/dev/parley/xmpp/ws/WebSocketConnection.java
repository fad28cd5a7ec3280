package dev.parley.xmpp.ws;

import dev.parley.xmpp.api.WebSocketPeer;
import dev.parley.xmpp.api.WebSocketSession;
import dev.parley.xmpp.server.StreamSession;
import dev.parley.xmpp.server.Transport;
import dev.parley.xmpp.server.XmppNode;
import dev.parley.xmpp.xml.StreamEvent;
import dev.parley.xmpp.xml.XmppStreamException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * One XMPP stream over a WebSocket (RFC 7395): the {@link Transport} of a {@link StreamSession}, the
 * same session core as TCP streams, fed with the messages the application's WebSocket endpoint
 * receives.
 *
 * <p>Threading: like {@code C2sHandler}, all input handling runs on one network event loop, so the
 * container's threads only enqueue. Each message is decoded by {@link FrameDecoder} and handed to
 * {@link StreamSession#inbound}. A WebSocket cannot be told to stop reading, so when the session asks
 * to pause (always before a resource is bound, later when its mailbox is full) the following messages
 * wait here, in order, until it resumes; at most {@code xmpp.limits.mailbox} of them (100 at least), after which the
 * stream ends with {@code policy-violation}. Writes go through {@link FrameEncoder}, one element per
 * message (RFC 7395 §3.3).
 *
 * <p>TLS belongs to the HTTP layer: STARTTLS is never offered (RFC 7395 §3.9: TLS is that of the
 * WebSocket), and the stream counts as encrypted when the WebSocket came over HTTPS. Stream restarts need no
 * parser reset: the client sends a new {@code <open/>} (§3.7).
 */
public final class WebSocketConnection implements Transport, WebSocketSession {
    private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());

    private final XmppNode node;
    private final WebSocketPeer peer;
    private final EventLoop loop;
    private final FrameDecoder decoder;
    private final StreamSession session;
    private final int maxQueued;
    private final Object writeLock = new Object();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    // confined to the event loop
    private final ArrayDeque<String> backlog = new ArrayDeque<>();
    private boolean paused;
    private boolean inputDead;
    private ScheduledFuture<?> authDeadline;

    private WebSocketConnection(XmppNode node, WebSocketPeer peer, EventLoop loop) {
        this.node = node;
        this.peer = peer;
        this.loop = loop;
        this.decoder = new FrameDecoder(node.config().maxStanzaBytes);
        this.maxQueued = Math.max(100, node.config().mailboxHighWatermark);
        this.session = node.newSession(this);
    }

    /** Starts a stream for {@code peer} on one of the node's event loops. */
    public static WebSocketConnection open(XmppNode node, WebSocketPeer peer) {
        WebSocketConnection c = new WebSocketConnection(node, peer, node.nextEventLoop());
        c.authDeadline = c.loop.schedule(() -> {
            if (!c.session.authenticated()) c.session.close("connection-timeout", "authentication took too long");
        }, node.config().unauthenticatedTimeoutSeconds, TimeUnit.SECONDS);
        return c;
    }

    /** The session core behind this connection. */
    public StreamSession session() { return session; }

    // ----------------------------------------------------------- WebSocketSession (container threads)

    @Override
    public void receive(String message) {
        if (ended.get()) return;
        if (queued.incrementAndGet() > maxQueued) {
            // The client keeps sending while its stream is paused: a WebSocket cannot push back.
            onLoop(() -> fail(XmppStreamException.POLICY_VIOLATION, "too many messages queued"));
            return;
        }
        onLoop(() -> {
            if (inputDead) { queued.decrementAndGet(); return; }
            backlog.add(message);
            drain();
        });
    }

    @Override
    public void closed() {
        if (!ended.compareAndSet(false, true)) return;
        Runnable end = () -> {
            inputDead = true;
            backlog.clear();
            if (authDeadline != null) authDeadline.cancel(false);
            node.sessionClosed(session);
            session.transportClosed();
        };
        if (!onLoop(end)) end.run(); // the event loop is gone (node stopping): end the session anyway
    }

    // ----------------------------------------------------------- event loop

    private void drain() {
        while (!paused && !inputDead) {
            String message = backlog.poll();
            if (message == null) return;
            queued.decrementAndGet();
            StreamEvent ev;
            try {
                ev = decoder.decode(message);
            } catch (XmppStreamException e) {
                fail(e.condition(), e.getMessage());
                return;
            }
            if (ev instanceof StreamEvent.Close) inputDead = true; // nothing after the end of the stream
            if (session.inbound(ev)) paused = true;
        }
    }

    /** Queues the stream error behind what the session already has, and reads nothing more. */
    private void fail(String condition, String text) {
        if (inputDead) return;
        inputDead = true;
        queued.addAndGet(-backlog.size());
        backlog.clear();
        session.parseError(condition, text);
    }

    private boolean onLoop(Runnable r) {
        try {
            loop.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "event loop gone, dropping input of " + peer.remoteAddress());
            return false;
        }
    }

    // ----------------------------------------------------------- Transport (any thread)

    @Override
    public void write(String data) {
        synchronized (writeLock) { // the messages of one write stay together and in call order
            for (String frame : FrameEncoder.frames(data)) peer.sendText(frame);
        }
    }

    @Override
    public void startTls(String proceed) {
        throw new IllegalStateException("STARTTLS is not offered over WebSocket");
    }

    @Override
    public void restartStream() {
        onLoop(decoder::restart);
    }

    @Override
    public void resumeReading() {
        onLoop(() -> {
            if (!paused) return;
            paused = false;
            drain();
        });
    }

    @Override
    public void close() {
        onLoop(() -> {
            inputDead = true;
            queued.addAndGet(-backlog.size());
            backlog.clear();
        });
        peer.close();
    }

    @Override public boolean secure() { return peer.secure(); }
    @Override public boolean tlsAvailable() { return false; }
    @Override public byte[] tlsServerEndPoint() { return null; }
    @Override public String name() { return "websocket"; }
    @Override public String remoteAddress() { return peer.remoteAddress(); }
    @Override public boolean framed() { return true; }
}
