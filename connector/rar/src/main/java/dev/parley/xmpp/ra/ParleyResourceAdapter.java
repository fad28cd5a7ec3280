package dev.parley.xmpp.ra;

import dev.parley.xmpp.api.XmppListener;
import dev.parley.xmpp.server.ServerConfig;
import dev.parley.xmpp.server.XmppNode;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.transaction.xa.XAResource;

/**
 * The XMPP resource adapter. It owns the sockets and the XML streams; its threads come from the
 * container's WorkManager. The message-driven bean that implements {@link XmppListener} activates it:
 * the node (listeners, sessions, workers) lives from endpointActivation to endpointDeactivation.
 */
@Connector(
        displayName = "Parley XMPP connector",
        vendorName = "Parley",
        eisType = "XMPP",
        version = "0.1",
        transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction)
public class ParleyResourceAdapter implements ResourceAdapter, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ParleyResourceAdapter.class.getName());

    private transient volatile WorkManager workManager;
    private transient final AtomicReference<XmppNode> node = new AtomicReference<>();
    private transient volatile MessageEndpointFactory activeFactory;
    private transient volatile java.util.List<String> boundFeatures = java.util.List.of();

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        this.workManager = ctx.getWorkManager();
        LOG.info("Parley XMPP connector started");
    }

    @Override
    public void stop() {
        XmppNode n = node.getAndSet(null);
        if (n != null) n.stop();
        LOG.info("Parley XMPP connector stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof XmppActivationSpec xspec)) throw new ResourceException("Unexpected activation spec " + spec);
        if (node.get() != null) throw new ResourceException("The XMPP connector serves one listener endpoint; one is already active");
        ServerConfig config = new ServerConfig(ConfigLookup.forEndpoint(factory, xspec));
        EndpointPool endpoints = new EndpointPool(factory);
        XmppNode n = new XmppNode(config, new WorkManagerExecutor(workManager), endpoints::acquire, endpoints::release);
        n.boundFeatures(boundFeatures);
        if (!node.compareAndSet(null, n)) throw new ResourceException("concurrent activation");
        try {
            n.start();
            activeFactory = factory;
        } catch (Exception e) {
            node.set(null);
            n.stop();
            LOG.log(Level.SEVERE, "XMPP listeners failed to start", e);
            throw new ResourceException("XMPP listeners failed to start: " + e.getMessage(), e);
        }
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        if (factory != activeFactory) return;
        XmppNode n = node.getAndSet(null);
        activeFactory = null;
        if (n != null) n.stop();
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) { return new XAResource[0]; }

    /** Features offered after authentication; applied to the running node and to any node started later. */
    void advertise(java.util.List<String> features) {
        boundFeatures = java.util.List.copyOf(features);
        XmppNode n = node.get();
        if (n != null) n.boundFeatures(boundFeatures);
    }

    /** The running node, or null when no endpoint is active (used by the administered object). */
    XmppNode node() { return node.get(); }

    @Override public boolean equals(Object o) { return this == o; }
    @Override public int hashCode() { return System.identityHashCode(this); }
}
