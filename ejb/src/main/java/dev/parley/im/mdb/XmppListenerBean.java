package dev.parley.im.mdb;

import dev.parley.im.account.AccountService;
import dev.parley.im.account.RegistrationHandler;
import dev.parley.im.route.StanzaRouter;
import dev.parley.xmpp.api.AccountCredentials;
import dev.parley.xmpp.api.XmppListener;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * The connector's endpoint: receives the stanzas of every client stream and hands them to the
 * stateless services. Kept thin on purpose: no transaction here; services that write own theirs.
 */
@MessageDriven(name = "XmppListener", messageListenerInterface = XmppListener.class, activationConfig = {
        // The connector's name: "parley-connector" when the RAR is deployed on its own (Payara Micro); in the
        // EAR it is embedded and named "<application>#parley-connector", so the EAR's setup sets the key
        // xmpp.connector.resource-adapter=parley#parley-connector. Payara resolves ${MPCONFIG=key:default} at deployment.
        @ActivationConfigProperty(propertyName = "resourceAdapter",
                propertyValue = "${MPCONFIG=xmpp.connector.resource-adapter:parley-connector}")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class XmppListenerBean implements XmppListener {
    @EJB AccountService accounts;
    @Inject StanzaRouter router;
    @Inject RegistrationHandler registration;

    @Override
    public AccountCredentials credentials(String username) {
        return accounts.credentials(username);
    }

    @Override
    public Element unauthenticatedIq(XmppSession session, Element iq) {
        return registration.handleUnauthenticated(session, iq);
    }

    @Override
    public void sessionStarted(XmppSession session) {
        router.sessionStarted(session);
    }

    @Override
    public void stanza(XmppSession session, Element stanza) {
        router.route(session, stanza);
    }

    @Override
    public void sessionEnded(XmppSession session, boolean graceful) {
        router.sessionEnded(session, graceful);
    }
}
