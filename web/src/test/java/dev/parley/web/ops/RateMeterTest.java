package dev.parley.web.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RateMeterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void zeroUntilTwoSamples() {
        RateMeter m = new RateMeter(10 * S);
        assertEquals(0.0, m.rate(500, 100 * S));
        assertEquals(0.0, m.rate(500, 100 * S));
    }

    @Test
    void aSlowScraperGetsTheRateSinceItsPreviousScrape() {
        RateMeter m = new RateMeter(10 * S);
        m.rate(0, 0);
        assertEquals(10.0, m.rate(150, 15 * S), 1e-9);
        assertEquals(2.0, m.rate(180, 30 * S), 1e-9, "the sample of 15 s ago starts the span, not the first one");
    }

    @Test
    void frequentReadsSpanAboutTheWindow() {
        RateMeter m = new RateMeter(10 * S);
        long count = 0;
        for (int t = 0; t <= 20; t++) {
            count += t < 10 ? 100 : 10; // 100/s for ten seconds, then 10/s
            m.rate(count, t * S);
        }
        // at t=20 the span starts at t=10: only the slow period counts
        assertEquals(10.0, m.rate(count, 20 * S), 1e-9);
    }

    @Test
    void readsWithinASecondAddNoSample() {
        RateMeter m = new RateMeter(10 * S);
        m.rate(0, 0);
        for (int i = 1; i <= 1000; i++) m.rate(i, i * 1_000_000L); // a thousand reads in one second
        assertEquals(1000.0, m.rate(1000, S), 1e-6);
    }

    @Test
    void aRestartedCounterStartsOver() {
        RateMeter m = new RateMeter(10 * S);
        m.rate(1000, 0);
        m.rate(2000, 5 * S);
        assertEquals(0.0, m.rate(10, 6 * S), "the connector restarted: no negative rate");
        assertEquals(10.0, m.rate(20, 7 * S), 1e-9);
    }
}
