package dev.parley.im.integration;

import dev.parley.im.config.ServerSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.activemq.broker.BrokerRegistry;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.TransportConnector;

/**
 * With the embedded broker (the default, ServerUrl vm://localhost), JMS clients outside the server
 * need a TCP port: this adds one (xmpp.jms.embedded-broker-url, default tcp://127.0.0.1:61616, empty
 * to disable). A port already in use is logged, not fatal: XMPP service does not depend on it.
 * With an external broker there is no embedded broker in this JVM and nothing is done.
 */
@Singleton
@Startup
public class EmbeddedBrokerTcp {
    private static final Logger LOG = Logger.getLogger(EmbeddedBrokerTcp.class.getName());

    @Inject ServerSettings settings;
    @Resource(lookup = JmsNames.CF_JNDI) ConnectionFactory factory;

    @PostConstruct
    void expose() {
        String url = settings.get("xmpp.jms.embedded-broker-url").orElse("tcp://127.0.0.1:61616");
        if (url.equals("none")) return;
        try (Connection c = factory.createConnection()) {
            // the vm:// transport creates the embedded broker on first use
        } catch (Exception e) {
            LOG.log(Level.WARNING, "JMS broker not reachable", e);
            return;
        }
        try {
            BrokerService broker = BrokerRegistry.getInstance().findFirst();
            if (broker == null) return; // an external broker: its own listeners serve clients
            for (TransportConnector t : broker.getTransportConnectors()) {
                if (url.equals(String.valueOf(t.getUri()))) return;
            }
            // startTransportConnector wires the broker's task runners into the connector; start() alone
            // accepts connections that then never complete the wire-format handshake
            TransportConnector connector = broker.startTransportConnector(broker.addConnector(new URI(url)));
            LOG.info("embedded JMS broker accepts clients at " + connector.getPublishableConnectString());
        } catch (NoClassDefFoundError e) {
            LOG.fine("no ActiveMQ broker classes visible: " + e);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "embedded JMS broker: could not listen on " + url + " (xmpp.jms.embedded-broker-url)", e);
        }
    }
}
