package dev.parley.web.ops;

import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.api.NodeStats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Registers the node's counters with MicroProfile Metrics (Prometheus format at /metrics). Totals are
 * cumulative; per-second rates come from the scraper (e.g. {@code rate(application_xmpp_stanzas_in_total[1m])}).
 */
@ApplicationScoped
public class XmppMetrics {
    @Inject LocalDelivery delivery;
    @Inject @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE) MetricRegistry registry;

    void register(@Observes @Initialized(ApplicationScoped.class) Object start) {
        gauge("xmpp_sessions_online", "Bound client sessions on this node", NodeStats::sessions);
        gauge("xmpp_connections", "Open client connections on this node (bound or not)", NodeStats::connections);
        gauge("xmpp_sessions_started_total", "Sessions started since the node started", NodeStats::sessionsStarted);
        gauge("xmpp_stanzas_in_total", "Stanzas received from clients", NodeStats::stanzasIn);
        gauge("xmpp_stanzas_out_total", "Stanzas sent to clients", NodeStats::stanzasOut);
        gauge("xmpp_auth_failures_total", "Failed SASL authentications", NodeStats::authFailures);
    }

    private void gauge(String name, String help, ToLongFunction<NodeStats> f) {
        registry.gauge(Metadata.builder().withName(name).withDescription(help).build(), this, m -> {
            try { return f.applyAsLong(m.delivery.server().stats()); } catch (RuntimeException e) { return -1L; }
        });
    }
}
