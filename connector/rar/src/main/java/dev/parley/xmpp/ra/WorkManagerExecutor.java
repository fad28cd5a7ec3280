package dev.parley.xmpp.ra;

import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs long-lived loops (Netty event loops, stanza workers) on WorkManager threads: the container
 * owns and accounts for every thread the connector uses. Each task occupies one thread until it returns,
 * so only a fixed, small number of tasks is ever submitted (never one per connection).
 */
final class WorkManagerExecutor implements Executor {
    private final WorkManager workManager;

    WorkManagerExecutor(WorkManager workManager) { this.workManager = workManager; }

    @Override
    public void execute(Runnable task) {
        try {
            workManager.scheduleWork(new Work() {
                @Override public void run() { task.run(); }
                @Override public void release() { }
            });
        } catch (WorkException e) {
            throw new RejectedExecutionException("WorkManager refused a connector thread", e);
        }
    }
}
