package dev.parley.im.integration;

import dev.parley.im.config.ServerSettings;
import dev.parley.im.message.MessageService;
import dev.parley.xmpp.xml.Element;
import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.JMSConnectionFactoryDefinition;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The inbound integration queue: each JMS message becomes an XMPP message to a local user, delivered
 * or stored offline like any other. A message that cannot be delivered (malformed, unknown user,
 * offline store full) is answered on its JMSReplyTo destination, if any, and consumed: an invalid
 * message never blocks the queue. A failure of the server itself (e.g. the database is down) is thrown
 * so the broker redelivers; after the broker's redelivery limit it moves the message to its
 * dead-letter queue (ActiveMQ: ActiveMQ.DLQ).
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = JmsNames.RA),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = JmsNames.INBOUND),
        // one consumer: messages are delivered in the order they were queued
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "1"),
})
@JMSConnectionFactoryDefinition(name = JmsNames.CF_JNDI, interfaceName = "jakarta.jms.ConnectionFactory",
        resourceAdapter = JmsNames.RA, transactional = false)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class InboundMessageBean implements MessageListener {
    private static final Logger LOG = Logger.getLogger(InboundMessageBean.class.getName());

    @EJB MessageService messages;
    @Inject ServerSettings settings;
    @Resource(lookup = JmsNames.CF_JNDI) ConnectionFactory factory;

    @Override
    public void onMessage(Message m) {
        Element stanza;
        try {
            stanza = m instanceof MapMessage map ? InboundFormat.fromMap(mapOf(map), settings.domain())
                    : InboundFormat.fromText(m instanceof TextMessage t ? t.getText() : null, props(m), settings.domain());
        } catch (InboundFormat.Invalid e) {
            reply(m, e.condition, e.getMessage());
            return;
        } catch (JMSException e) {
            reply(m, "bad-request", "unreadable JMS message: " + e.getMessage());
            return;
        }
        String error = messages.deliverFromService(stanza); // throws on server failure: redelivery
        if (error != null) reply(m, error, "not delivered to " + stanza.attr("to"));
    }

    private void reply(Message original, String condition, String text) {
        try {
            Destination to = original.getJMSReplyTo();
            LOG.fine(() -> "inbound JMS message refused (" + condition + "): " + text);
            if (to == null) return;
            try (Connection c = factory.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                 MessageProducer p = s.createProducer(to)) {
                TextMessage r = s.createTextMessage(text);
                r.setJMSCorrelationID(original.getJMSCorrelationID() != null ? original.getJMSCorrelationID() : original.getJMSMessageID());
                r.setStringProperty(JmsNames.P_ERROR, condition);
                p.send(r);
            }
        } catch (JMSException e) {
            // the refusal itself is final; a lost error reply must not bring the message back
            LOG.log(Level.WARNING, "could not send the error reply for an inbound JMS message", e);
        }
    }

    private static Map<String, String> props(Message m) throws JMSException {
        Map<String, String> p = new HashMap<>();
        for (Object n : Collections.list(m.getPropertyNames())) {
            Object v = m.getObjectProperty((String) n);
            if (v != null) p.put((String) n, v.toString());
        }
        return p;
    }

    private static Map<String, String> mapOf(MapMessage m) throws JMSException {
        Map<String, String> p = new HashMap<>();
        for (Object n : Collections.list(m.getMapNames())) {
            Object v = m.getObject((String) n);
            if (v != null) p.put((String) n, v.toString());
        }
        return p;
    }
}
