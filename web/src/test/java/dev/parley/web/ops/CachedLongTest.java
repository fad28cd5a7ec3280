package dev.parley.web.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedLongTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong value = new AtomicLong(7);

    @Test
    void readsOncePerTtl() {
        CachedLong c = new CachedLong(() -> { reads.incrementAndGet(); return value.get(); }, 100, now::get);
        assertEquals(7, c.get());
        value.set(8);
        now.addAndGet(99);
        assertEquals(7, c.get(), "still fresh");
        assertEquals(1, reads.get());
        now.addAndGet(1);
        assertEquals(8, c.get(), "read again once the ttl has passed");
        assertEquals(2, reads.get());
    }

    @Test
    void aFailedReadIsNotCached() {
        boolean[] fail = {true};
        CachedLong c = new CachedLong(() -> { if (fail[0]) throw new IllegalStateException("database down"); return 3; }, 100, now::get);
        assertThrows(IllegalStateException.class, c::get);
        fail[0] = false;
        assertEquals(3, c.get(), "the next call reads at once");
    }
}
