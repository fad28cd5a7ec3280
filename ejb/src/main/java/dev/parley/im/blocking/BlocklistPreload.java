package dev.parley.im.blocking;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Loads the blocklists into memory when the application starts, so no stanza waits for it. */
@Singleton
@Startup
public class BlocklistPreload {
    private static final Logger LOG = Logger.getLogger(BlocklistPreload.class.getName());
    @Inject BlockingService blocking;

    @PostConstruct
    void load() {
        try {
            blocking.ensureLoaded();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "blocklists not loaded at start; they load on first use", e);
        }
    }
}
