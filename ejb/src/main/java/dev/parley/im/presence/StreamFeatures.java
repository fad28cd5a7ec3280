package dev.parley.im.presence;

import dev.parley.im.roster.RosterVersioning;
import dev.parley.im.roster.SubscriptionTable;
import dev.parley.im.route.LocalDelivery;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Tells the connector which stream features to offer after authentication: roster versioning (RFC 6121 §2.6.1)
 * and subscription pre-approval (§3.4).
 */
@Singleton
@Startup
public class StreamFeatures {
    @Inject LocalDelivery delivery;

    @PostConstruct
    void advertise() {
        delivery.server().advertise(List.of(RosterVersioning.feature().toXml(), SubscriptionTable.preApprovalFeature().toXml()));
    }
}
