package dev.parley.xmpp.server;

import dev.parley.xmpp.api.XmppListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fixed set of worker loops, each running on a thread from the container's WorkManager and owning
 * one message endpoint (MDB instance) for its lifetime. Sessions submit themselves when their mailbox
 * becomes non-empty; a session is never run by two workers at once, so its stanzas stay in order while
 * different sessions run in parallel.
 *
 * <p>Waking a parked thread costs more CPU than routing a typical stanza, so a submission wakes a worker
 * only while fewer than {@code active} workers (by default one per core) are awake; awake workers take
 * the queue's next job as soon as they finish one. More workers are woken when the awake ones have been
 * inside one job for over a millisecond (a database call, a password derivation): the remaining workers
 * are there to cover blocking work, not to run more jobs than there are cores ({@link #checkStalled()}
 * covers a stall that no later submission notices). Idle workers are woken
 * last-in first-out, so a light load keeps running on the same, cache-warm threads.
 */
public final class Dispatcher {
    private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
    private static final long STALLED_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Work that needs the listener endpoint of the worker that runs it. */
    public interface Job { void run(XmppListener listener); }

    private static final class Worker {
        volatile boolean signalled;
        /** System.nanoTime() when the current job started (never 0 while running one); 0 between jobs. */
        volatile long busySince;
        Thread thread;
    }

    private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final Object lock = new Object();
    /** Parked workers, most recently parked first. Guarded by {@link #lock}. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Workers not parked (running a job or looking for one). */
    private final AtomicInteger awake = new AtomicInteger();
    private final Worker[] workers;
    private final int active;
    private final Supplier<XmppListener> acquire;
    private final Consumer<XmppListener> release;
    private CountDownLatch stopped;
    private volatile boolean running;

    public Dispatcher(int workers, Supplier<XmppListener> acquire, Consumer<XmppListener> release) {
        this(workers, Runtime.getRuntime().availableProcessors(), acquire, release);
    }

    /** @param active workers kept running before more are woken (only for jobs that stall) */
    public Dispatcher(int workers, int active, Supplier<XmppListener> acquire, Consumer<XmppListener> release) {
        this.workers = new Worker[workers];
        for (int i = 0; i < workers; i++) this.workers[i] = new Worker();
        this.active = Math.max(1, Math.min(active, workers));
        this.acquire = acquire;
        this.release = release;
    }

    public void start(Executor threads) {
        running = true;
        stopped = new CountDownLatch(workers.length);
        awake.set(workers.length);
        for (Worker w : workers) threads.execute(() -> loop(w));
    }

    public void submit(Job job) {
        if (!running) return;
        queue.add(job);
        backlog.incrementAndGet();
        wakeIfNeeded();
    }

    public int backlog() { return backlog.get(); }

    /** Lets queued jobs finish (up to the timeout), then ends the worker loops. */
    public void stop(long timeoutMillis) {
        if (!running) return;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!queue.isEmpty() && System.currentTimeMillis() < deadline) {
            try { Thread.sleep(10); } catch (InterruptedException e) { Thread.currentThread().interrupt(); break; }
        }
        running = false;
        queue.clear();
        List<Worker> parked;
        synchronized (lock) {
            parked = new ArrayList<>(idle);
            idle.clear();
        }
        for (Worker w : parked) signal(w);
        try {
            stopped.await(Math.max(100, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Called periodically (every few tens of milliseconds): wakes a worker for queued jobs when the awake
     * ones have stalled and no submission has come since to notice it.
     */
    public void checkStalled() {
        if (running && !queue.isEmpty()) wakeIfNeeded();
    }

    /** Wakes one parked worker unless enough awake workers are making progress. */
    private void wakeIfNeeded() {
        if (!needsWorker()) return;
        Worker w;
        synchronized (lock) {
            w = idle.pollFirst();
            if (w == null) return;
            awake.incrementAndGet();
        }
        signal(w);
    }

    /** Fewer than {@code active} awake workers are making progress (and some worker is parked). */
    private boolean needsWorker() {
        int a = awake.get();
        if (a >= workers.length) return false;
        return a < active || a - stalled() < active;
    }

    private int stalled() {
        long now = System.nanoTime();
        int n = 0;
        for (Worker w : workers) {
            long since = w.busySince;
            if (since != 0 && now - since > STALLED_NANOS) n++;
        }
        return n;
    }

    private static void signal(Worker w) {
        w.signalled = true;
        LockSupport.unpark(w.thread);
    }

    private void loop(Worker w) {
        w.thread = Thread.currentThread();
        XmppListener listener = null;
        try {
            while (true) {
                Job job = queue.poll();
                if (job == null) {
                    if (!running || !park(w)) break;
                    continue;
                }
                backlog.decrementAndGet();
                // a burst: spread it over the awake workers (wakes one only if fewer than `active` are awake)
                if (!queue.isEmpty()) wakeIfNeeded();
                if (listener == null) listener = acquire.get();
                w.busySince = System.nanoTime() | 1;
                try {
                    job.run(listener);
                } catch (RuntimeException | Error e) {
                    // A job handles its own errors; reaching here is a bug, but the worker must survive it.
                    LOG.log(Level.SEVERE, "Unhandled error in XMPP worker", e);
                } finally {
                    w.busySince = 0;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "XMPP worker could not obtain its endpoint", e);
        } finally {
            awake.decrementAndGet();
            if (listener != null) {
                try { release.accept(listener); } catch (RuntimeException ignored) { }
            }
            stopped.countDown();
        }
    }

    /** Parks until signalled; false when the thread was interrupted (the container is taking it back). */
    private boolean park(Worker w) {
        synchronized (lock) {
            w.signalled = false;
            idle.addFirst(w);
        }
        awake.decrementAndGet();
        // A job submitted after our poll saw this worker counted as awake and may not have woken anyone.
        // Stay if it still needs a worker; while enough others are awake, they take it (or the last of
        // them to park stays), so a busy queue does not keep this one spinning.
        if (!running || !queue.isEmpty() && needsWorker()) {
            synchronized (lock) {
                if (idle.remove(w)) {
                    awake.incrementAndGet();
                    return true;
                }
            }
            // someone took us off the idle stack and is signalling: wait for it below
        }
        while (!w.signalled) {
            if (Thread.currentThread().isInterrupted()) {
                synchronized (lock) {
                    if (idle.remove(w)) awake.incrementAndGet(); // counted again: the loop's exit uncounts it
                }
                return false;
            }
            LockSupport.park(this);
        }
        return true;
    }

    /** Drains the given list of jobs inline (tests). */
    static List<Job> drain(Dispatcher d) {
        List<Job> l = new ArrayList<>();
        for (Job j; (j = d.queue.poll()) != null; ) l.add(j);
        return l;
    }
}
