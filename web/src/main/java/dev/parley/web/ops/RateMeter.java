package dev.parley.web.ops;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The per-second rate of a cumulative counter, from samples taken when it is read (no timer). The rate spans at
 * least {@code windowNanos} when samples that old exist: with frequent reads, about the last window; with a scraper
 * slower than the window, the time since its previous scrape. Samples are at least a second apart, so memory stays
 * bounded however often it is read.
 */
final class RateMeter {
    private static final long SPACING = 1_000_000_000L;

    private record Sample(long nanos, long count) { }

    private final long windowNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    RateMeter(long windowNanos) { this.windowNanos = windowNanos; }

    /** The rate up to {@code count} read at {@code nowNanos}; 0 until there are two samples. */
    synchronized double rate(long count, long nowNanos) {
        Sample last = samples.peekLast();
        if (last != null && count < last.count()) { samples.clear(); last = null; } // the counter restarted
        if (last == null || nowNanos - last.nanos() >= SPACING) samples.addLast(new Sample(nowNanos, count));
        // keep the newest sample that is at least a window old as the start, drop older ones
        while (samples.size() > 1 && second().nanos() <= nowNanos - windowNanos) samples.removeFirst();
        Sample first = samples.peekFirst();
        long dt = nowNanos - first.nanos();
        return dt <= 0 ? 0.0 : (count - first.count()) * 1e9 / dt;
    }

    private Sample second() {
        Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }
}
