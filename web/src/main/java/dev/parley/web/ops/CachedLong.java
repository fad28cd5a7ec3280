package dev.parley.web.ops;

import java.util.function.LongSupplier;

/**
 * A value that is costly to read (a database count), read again at most once per {@code ttlNanos}, however often
 * it is scraped. A failed read is not cached: it throws, and the next call tries again.
 */
final class CachedLong {
    private final LongSupplier source;
    private final LongSupplier clock;
    private final long ttlNanos;
    private long value;
    private long readAt;
    private boolean valid;

    CachedLong(LongSupplier source, long ttlNanos, LongSupplier nanoClock) {
        this.source = source;
        this.ttlNanos = ttlNanos;
        this.clock = nanoClock;
    }

    synchronized long get() {
        long now = clock.getAsLong();
        if (!valid || now - readAt >= ttlNanos) {
            value = source.getAsLong();
            readAt = now;
            valid = true;
        }
        return value;
    }
}
