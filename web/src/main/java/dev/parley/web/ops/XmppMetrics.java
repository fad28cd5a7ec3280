package dev.parley.web.ops;

import dev.parley.im.message.OfflineStore;
import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.api.NodeStats;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Registers the node's counters with MicroProfile Metrics (Prometheus format at /metrics). Totals are
 * cumulative, for the scraper's rates (e.g. {@code rate(xmpp_stanzas_in_total[1m])}); the per-second gauges
 * are the same rates computed here, for readers without a query language.
 */
@ApplicationScoped
public class XmppMetrics {
    /** How long a count of the stored offline messages is reused: it is a full count of the table. */
    static final long OFFLINE_COUNT_TTL_SECONDS = 5;
    static final long RATE_WINDOW_SECONDS = 10;

    @Inject LocalDelivery delivery;
    @EJB OfflineStore offline;
    @Inject @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry;

    private final RateMeter stanzasIn = new RateMeter(TimeUnit.SECONDS.toNanos(RATE_WINDOW_SECONDS));
    private final RateMeter stanzasOut = new RateMeter(TimeUnit.SECONDS.toNanos(RATE_WINDOW_SECONDS));
    private CachedLong offlineStored;

    void register(@Observes @Initialized(ApplicationScoped.class) Object start) {
        offlineStored = new CachedLong(() -> offline.countAll(), TimeUnit.SECONDS.toNanos(OFFLINE_COUNT_TTL_SECONDS), System::nanoTime);
        gauge("xmpp_sessions_online", "Bound client sessions on this node", NodeStats::sessions);
        gauge("xmpp_connections", "Open client connections on this node (bound or not)", NodeStats::connections);
        gauge("xmpp_sessions_started_total", "Sessions started since the node started", NodeStats::sessionsStarted);
        gauge("xmpp_stanzas_in_total", "Stanzas received from clients", NodeStats::stanzasIn);
        gauge("xmpp_stanzas_out_total", "Stanzas sent to clients", NodeStats::stanzasOut);
        rate("xmpp_stanzas_in_per_second", "Stanzas received from clients per second (over the last "
                + RATE_WINDOW_SECONDS + " s, or since the previous scrape when that is longer)", NodeStats::stanzasIn, stanzasIn);
        rate("xmpp_stanzas_out_per_second", "Stanzas sent to clients per second (over the last "
                + RATE_WINDOW_SECONDS + " s, or since the previous scrape when that is longer)", NodeStats::stanzasOut, stanzasOut);
        gauge("xmpp_auth_failures_total", "Failed SASL authentications", NodeStats::authFailures);
        metric("xmpp_offline_messages_stored", "Offline messages stored, all accounts (counted at most every "
                + OFFLINE_COUNT_TTL_SECONDS + " s)", m -> {
            try { return m.offlineStored.get(); } catch (RuntimeException e) { return -1L; }
        });
    }

    private void gauge(String name, String help, ToLongFunction<NodeStats> f) {
        metric(name, help, m -> {
            try { return f.applyAsLong(m.delivery.server().stats()); } catch (RuntimeException e) { return -1L; }
        });
    }

    private void rate(String name, String help, ToLongFunction<NodeStats> counter, RateMeter meter) {
        metric(name, help, m -> {
            try { return meter.rate(counter.applyAsLong(m.delivery.server().stats()), System.nanoTime()); } catch (RuntimeException e) { return -1.0; }
        });
    }

    private <R extends Number> void metric(String name, String help, Function<XmppMetrics, R> f) {
        registry.gauge(Metadata.builder().withName(name).withDescription(help).build(), this, f);
    }
}
