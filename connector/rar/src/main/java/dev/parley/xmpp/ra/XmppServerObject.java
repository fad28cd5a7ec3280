package dev.parley.xmpp.ra;

import dev.parley.xmpp.api.NodeStats;
import dev.parley.xmpp.api.SessionRegistry;
import dev.parley.xmpp.api.WebSocketPeer;
import dev.parley.xmpp.api.WebSocketSession;
import dev.parley.xmpp.api.XmppServer;
import dev.parley.xmpp.server.XmppNode;
import dev.parley.xmpp.ws.WebSocketConnection;
import jakarta.resource.spi.AdministeredObject;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;

/**
 * The administered object through which the application reaches the running node (session registry,
 * delivery) outside listener calls. The container associates it with the resource adapter.
 */
@AdministeredObject(adminObjectInterfaces = XmppServer.class)
public class XmppServerObject implements XmppServer, ResourceAdapterAssociation, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private transient ParleyResourceAdapter ra;

    private XmppNode node() {
        XmppNode n = ra == null ? null : ra.node();
        if (n == null) throw new IllegalStateException("the XMPP connector is not active");
        return n;
    }

    @Override public String domain() { return node().config().domain; }
    @Override public SessionRegistry registry() { return node().registry(); }
    @Override public boolean listening() { XmppNode n = ra == null ? null : ra.node(); return n != null && n.listening(); }
    @Override public WebSocketSession openWebSocket(WebSocketPeer peer) { return WebSocketConnection.open(node(), peer); }

    @Override public NodeStats stats() {
        XmppNode n = node();
        var m = n.metrics();
        return new NodeStats(m.connections(), n.registry().count(), m.sessionsStarted(), m.stanzasIn(), m.stanzasOut(), m.authFailures());
    }

    @Override public void advertise(java.util.List<String> featureXml) {
        if (ra == null) throw new IllegalStateException("the XMPP connector is not associated");
        ra.advertise(featureXml);
    }

    @Override public ResourceAdapter getResourceAdapter() { return ra; }
    @Override public void setResourceAdapter(ResourceAdapter ra) { this.ra = (ParleyResourceAdapter) ra; }
}
