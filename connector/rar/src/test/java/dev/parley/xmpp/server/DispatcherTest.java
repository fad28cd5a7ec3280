package dev.parley.xmpp.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.api.XmppListener;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger acquired = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private Dispatcher dispatcher;

    private Dispatcher start(int workers, int active) {
        dispatcher = new Dispatcher(workers, active, () -> {
            acquired.incrementAndGet();
            return (XmppListener) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {XmppListener.class},
                    (p, m, a) -> null);
        }, l -> released.incrementAndGet());
        dispatcher.start(threads);
        return dispatcher;
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) dispatcher.stop(1000);
        threads.shutdownNow();
    }

    @Test
    void everyJobFromManySubmittersRunsExactlyOnce() throws Exception {
        start(8, 2);
        int submitters = 4, each = 5000;
        int[] runs = new int[submitters * each];
        CountDownLatch done = new CountDownLatch(runs.length);
        ExecutorService s = Executors.newFixedThreadPool(submitters);
        for (int t = 0; t < submitters; t++) {
            int base = t * each;
            s.execute(() -> {
                for (int i = 0; i < each; i++) {
                    int id = base + i;
                    dispatcher.submit(l -> {
                        synchronized (runs) { runs[id]++; }
                        done.countDown();
                    });
                }
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), "all jobs ran");
        s.shutdown();
        for (int r : runs) assertEquals(1, r);
        assertEquals(0, dispatcher.backlog());
    }

    @Test
    void aLightLoadStaysOnTheActiveWorkers() throws Exception {
        start(8, 2);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 300; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            dispatcher.submit(l -> { used.add(Thread.currentThread()); ran.countDown(); });
            assertTrue(ran.await(5, TimeUnit.SECONDS));
            if (i % 10 == 0) Thread.sleep(1);
        }
        assertTrue(used.size() <= 2, "jobs one at a time ran on " + used.size() + " threads, expected at most 2");
    }

    @Test
    void aStalledWorkerIsCoveredByTheNextSubmission() throws Exception {
        start(4, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        dispatcher.submit(l -> { blocked.countDown(); await(release); });
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        Thread.sleep(5); // the blocked job is now older than the stall threshold
        CountDownLatch second = new CountDownLatch(1);
        dispatcher.submit(l -> second.countDown());
        assertTrue(second.await(5, TimeUnit.SECONDS), "a second worker took the job while the first was blocked");
        release.countDown();
    }

    @Test
    void aStallNoSubmissionNoticesIsCoveredByThePeriodicCheck() throws Exception {
        start(4, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        dispatcher.submit(l -> { blocked.countDown(); await(release); });
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        dispatcher.submit(l -> second.countDown()); // within the stall threshold: queued behind the blocked job
        boolean ran = false;
        for (int i = 0; i < 500 && !ran; i++) {
            dispatcher.checkStalled();
            ran = second.await(10, TimeUnit.MILLISECONDS);
        }
        assertTrue(ran, "the periodic check woke a worker for the queued job");
        release.countDown();
    }

    @Test
    void stopEndsEveryWorkerAndReleasesItsEndpoint() throws Exception {
        start(6, 2);
        CountDownLatch done = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) dispatcher.submit(l -> done.countDown());
        assertTrue(done.await(5, TimeUnit.SECONDS));
        dispatcher.stop(2000);
        assertEquals(acquired.get(), released.get());
        AtomicInteger late = new AtomicInteger();
        dispatcher.submit(l -> late.incrementAndGet());
        Thread.sleep(50);
        assertEquals(0, late.get(), "no job runs after stop");
        assertFalse(acquired.get() == 0);
        dispatcher = null;
    }

    private static void await(CountDownLatch l) {
        try { l.await(10, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }
}
