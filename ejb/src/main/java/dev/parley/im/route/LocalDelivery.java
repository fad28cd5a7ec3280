package dev.parley.im.route;

import dev.parley.xmpp.api.SessionRegistry;
import dev.parley.xmpp.api.XmppServer;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.resource.AdministeredObjectDefinition;
import java.util.List;

/**
 * Access to the connector's sessions on this node, through its administered object.
 * <p>In the EAR this annotation is not processed (an EJB module reads resource definitions from its
 * components only); the EAR's {@code META-INF/application.xml} defines the same name for the embedded
 * connector ({@code #parley-connector}). Keep the two in step.
 */
@ApplicationScoped
@AdministeredObjectDefinition(
        name = "java:app/parley/server",
        resourceAdapter = "parley-connector",
        className = "dev.parley.xmpp.ra.XmppServerObject",
        interfaceName = "dev.parley.xmpp.api.XmppServer")
public class LocalDelivery {
    @Resource(lookup = "java:app/parley/server")
    XmppServer server;

    public XmppServer server() { return server; }
    public SessionRegistry registry() { return server.registry(); }
    public List<XmppSession> sessions(Jid bare) { return server.registry().sessions(bare); }
    public XmppSession session(Jid full) { return server.registry().session(full); }
}
