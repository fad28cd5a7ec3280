package dev.parley.xmpp.server;

import dev.parley.xmpp.api.XmppListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fixed set of worker loops, each running on a thread from the container's WorkManager and owning
 * one message endpoint (MDB instance) for its lifetime. Sessions submit themselves when their mailbox
 * becomes non-empty; a session is never run by two workers at once, so its stanzas stay in order while
 * different sessions run in parallel.
 */
public final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

    /** Work that needs the listener endpoint of the worker that runs it. */
    public interface Job { void run(XmppListener listener); }

    private static final Job STOP = l -> { };

    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Supplier<XmppListener> acquire;
    private final Consumer<XmppListener> release;
    private final int workers;
    private CountDownLatch stopped;
    private volatile boolean running;

    public Dispatcher(int workers, Supplier<XmppListener> acquire, Consumer<XmppListener> release) {
        this.workers = workers;
        this.acquire = acquire;
        this.release = release;
    }

    public void start(Executor threads) {
        running = true;
        stopped = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) threads.execute(this::loop);
    }

    public void submit(Job job) {
        if (running) queue.add(job);
    }

    public int backlog() { return queue.size(); }

    /** Lets queued jobs finish (up to the timeout), then ends the worker loops. */
    public void stop(long timeoutMillis) {
        if (!running) return;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!queue.isEmpty() && System.currentTimeMillis() < deadline) {
            try { Thread.sleep(10); } catch (InterruptedException e) { Thread.currentThread().interrupt(); break; }
        }
        running = false;
        queue.clear();
        for (int i = 0; i < workers; i++) queue.add(STOP);
        try {
            stopped.await(Math.max(100, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        XmppListener listener = null;
        try {
            while (true) {
                Job job = queue.take();
                if (job == STOP) break;
                if (listener == null) listener = acquire.get();
                try {
                    job.run(listener);
                } catch (RuntimeException | Error e) {
                    // A job handles its own errors; reaching here is a bug, but the worker must survive it.
                    LOG.log(Level.SEVERE, "Unhandled error in XMPP worker", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "XMPP worker could not obtain its endpoint", e);
        } finally {
            if (listener != null) {
                try { release.accept(listener); } catch (RuntimeException ignored) { }
            }
            stopped.countDown();
        }
    }

    /** Drains the given list of jobs inline (tests). */
    static List<Job> drain(Dispatcher d) { List<Job> l = new ArrayList<>(); d.queue.drainTo(l); return l; }
}
