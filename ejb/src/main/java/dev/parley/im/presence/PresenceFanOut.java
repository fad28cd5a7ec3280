package dev.parley.im.presence;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConnectionFactoryDefinition;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes presence fan-outs on the JMS topic {@code parley.presence}: one message per presence change, whose
 * listener on every node ({@link PresenceFanOutListener}) delivers it to that node's sessions.
 *
 * <p>The embedded ActiveMQ resource adapter does not support an injected JMSContext, so this uses
 * ConnectionFactory, Connection, Session and MessageProducer. One connection is kept open; sessions (which are not
 * thread-safe) are pooled, one per concurrent sender. All sends share the one connection, so messages of one sender
 * reach the broker in the order they were sent. Without a transaction: a presence is not part of any database work.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@JMSConnectionFactoryDefinition(
        name = PresenceFanOut.FACTORY,
        interfaceName = "jakarta.jms.ConnectionFactory",
        resourceAdapter = PresenceFanOut.RESOURCE_ADAPTER,
        maxPoolSize = 8)
@JMSDestinationDefinition(
        name = PresenceFanOut.TOPIC,
        interfaceName = "jakarta.jms.Topic",
        resourceAdapter = PresenceFanOut.RESOURCE_ADAPTER,
        destinationName = PresenceFanOut.TOPIC_NAME,
        properties = {"PhysicalName=" + PresenceFanOut.TOPIC_NAME})
public class PresenceFanOut {
    private static final Logger LOG = Logger.getLogger(PresenceFanOut.class.getName());

    public static final String RESOURCE_ADAPTER = "activemq-rar-6.1.8";
    public static final String FACTORY = "java:app/parley/jms/ConnectionFactory";
    public static final String TOPIC = "java:app/parley/jms/PresenceTopic";
    public static final String TOPIC_NAME = "parley.presence";
    /** A presence older than this is no use to anyone. */
    private static final long TIME_TO_LIVE_MS = 60_000;

    @Resource(lookup = FACTORY) ConnectionFactory factory;
    @Resource(lookup = TOPIC) Topic topic;

    private record Sender(Session session, MessageProducer producer) { }

    private final Object connectionLock = new Object();
    private Connection connection; // guarded by connectionLock
    private final ConcurrentLinkedQueue<Sender> idle = new ConcurrentLinkedQueue<>();

    /** Sends one fan-out. Throws if the broker cannot take it (the stanza then gets an error, nothing is lost silently). */
    public void publish(FanOut message) {
        String text = message.encode();
        JMSException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            Sender s = null;
            try {
                s = borrow();
                s.producer().send(s.session().createTextMessage(text));
                idle.offer(s);
                return;
            } catch (JMSException | RuntimeException e) {
                last = e instanceof JMSException j ? j : (JMSException) new JMSException(e.toString()).initCause(e);
                if (s != null) close(s);
                reset(); // the connection may be broken: the next attempt opens a new one
            }
        }
        throw new IllegalStateException("presence fan-out could not be sent: " + last, last);
    }

    private Sender borrow() throws JMSException {
        Sender s = idle.poll();
        if (s != null) return s;
        synchronized (connectionLock) { // the resource adapter's connection handle is not safe for concurrent session creation
            if (connection == null) connection = factory.createConnection();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(topic);
            producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT); // presence is transient state (RFC 6121 §4)
            producer.setTimeToLive(TIME_TO_LIVE_MS);
            producer.setDisableMessageID(true);
            producer.setDisableMessageTimestamp(true);
            return new Sender(session, producer);
        }
    }

    private void reset() {
        synchronized (connectionLock) {
            Sender s;
            while ((s = idle.poll()) != null) close(s);
            if (connection != null) {
                try { connection.close(); } catch (JMSException | RuntimeException e) { LOG.log(Level.FINE, "closing the JMS connection", e); }
                connection = null;
            }
        }
    }

    private static void close(Sender s) {
        try { s.session().close(); } catch (JMSException | RuntimeException e) { LOG.log(Level.FINE, "closing a JMS session", e); }
    }

    @PreDestroy
    void shutdown() { reset(); }
}
