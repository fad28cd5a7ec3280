package dev.parley.web.ws;

import dev.parley.xmpp.api.WebSocketPeer;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connector's view of one WebSocket: a single-writer queue in front of the container's
 * asynchronous sends. The connector writes from its worker and event-loop threads and must never
 * block; one message is in flight at a time (the WebSocket API allows no more), the next goes out
 * when the container reports the previous one sent. A completion that arrives on the sending
 * thread does not recurse: the drain loop picks up the next message (work-in-progress counter).
 * A client that stops reading is disconnected once {@value #MAX_PENDING_CHARS} characters wait.
 */
final class WebSocketWriter implements WebSocketPeer {
    private static final Logger LOG = Logger.getLogger(WebSocketWriter.class.getName());
    static final long MAX_PENDING_CHARS = 16L * 1024 * 1024;
    private static final Object CLOSE = new Object();

    private final Session ws;
    private final RemoteEndpoint.Async remote;
    private final String remoteAddress;
    private final boolean secure;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong pendingChars = new AtomicLong();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private volatile boolean inFlight;
    private volatile boolean done;

    WebSocketWriter(Session ws) {
        this.ws = ws;
        this.remote = ws.getAsyncRemote();
        this.remoteAddress = remoteAddressOf(ws);
        this.secure = ws.isSecure();
    }

    @Override
    public void sendText(String message) {
        if (done || closeRequested.get()) return;
        if (pendingChars.addAndGet(message.length()) > MAX_PENDING_CHARS) {
            abort(CloseCodes.TRY_AGAIN_LATER, "the client does not read");
            return;
        }
        queue.add(message);
        drain();
    }

    @Override
    public void close() {
        if (!closeRequested.compareAndSet(false, true)) return;
        queue.add(CLOSE);
        drain();
    }

    @Override public String remoteAddress() { return remoteAddress; }
    @Override public boolean secure() { return secure; }

    private void drain() {
        if (wip.getAndIncrement() != 0) return;
        do {
            if (!inFlight && !done) {
                Object next = queue.poll();
                if (next == CLOSE) {
                    done = true;
                    closeQuietly(CloseCodes.NORMAL_CLOSURE, "");
                } else if (next != null) {
                    String text = (String) next;
                    pendingChars.addAndGet(-text.length());
                    inFlight = true;
                    try {
                        remote.sendText(text, this::sent);
                    } catch (RuntimeException e) {
                        inFlight = false;
                        LOG.log(Level.FINE, "WebSocket send failed to " + remoteAddress, e);
                        abort(CloseCodes.UNEXPECTED_CONDITION, "send failed");
                    }
                }
            }
        } while (wip.decrementAndGet() != 0);
    }

    private void sent(SendResult result) {
        inFlight = false;
        if (!result.isOK()) {
            LOG.log(Level.FINE, "WebSocket send failed to " + remoteAddress, result.getException());
            abort(CloseCodes.UNEXPECTED_CONDITION, "send failed");
        }
        drain();
    }

    private void abort(CloseCodes code, String reason) {
        if (done) return;
        done = true;
        queue.clear();
        closeQuietly(code, reason);
    }

    private void closeQuietly(CloseCodes code, String reason) {
        try {
            if (ws.isOpen()) ws.close(new CloseReason(code, reason));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "closing the WebSocket of " + remoteAddress, e);
        }
    }

    /** The client's address: Tyrus (Payara's WebSocket implementation) has it on its session. */
    private static String remoteAddressOf(Session ws) {
        try {
            Object addr = ws.getClass().getMethod("getRemoteAddr").invoke(ws);
            if (addr != null) return addr.toString();
        } catch (ReflectiveOperationException | RuntimeException ignored) {
            // another implementation
        }
        return "websocket:" + ws.getId();
    }
}
