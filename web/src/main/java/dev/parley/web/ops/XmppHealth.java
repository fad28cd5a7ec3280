package dev.parley.web.ops;

import dev.parley.im.route.LocalDelivery;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health: ready when the XMPP listeners are bound and the database answers (/health/ready). */
public final class XmppHealth {
    private XmppHealth() { }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject LocalDelivery delivery;
        @Resource(lookup = "jdbc/parley") DataSource db;

        @Override
        public HealthCheckResponse call() {
            boolean listening;
            try { listening = delivery.server().listening(); } catch (RuntimeException e) { listening = false; }
            boolean database;
            try (Connection c = db.getConnection()) { database = c.isValid(2); } catch (Exception e) { database = false; }
            return HealthCheckResponse.named("xmpp").status(listening && database)
                    .withData("c2s-listening", listening).withData("database", database).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Inject LocalDelivery delivery;

        @Override
        public HealthCheckResponse call() {
            boolean up;
            try { up = delivery.server().listening(); } catch (RuntimeException e) { up = false; }
            return HealthCheckResponse.named("xmpp-connector").status(up).build();
        }
    }
}
