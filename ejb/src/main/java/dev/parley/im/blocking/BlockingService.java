package dev.parley.im.blocking;

import dev.parley.xmpp.jid.Jid;
import jakarta.enterprise.context.ApplicationScoped;

/** XEP-0191 blocking. STUB: nothing is blocked (the blocking feature replaces this class). */
@ApplicationScoped
public class BlockingService {

    /** Whether {@code user} has blocked {@code other}. */
    public boolean isBlocked(Jid user, Jid other) { return false; }
}
