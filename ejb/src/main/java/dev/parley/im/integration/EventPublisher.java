package dev.parley.im.integration;

import dev.parley.im.config.ServerSettings;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import dev.parley.xmpp.xml.XmppStreamException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes integration events (messages accepted for local users, presence broadcasts) to the
 * outbound topics. Callers only enqueue: one publisher thread (from the container's thread factory)
 * sends in batches (lingering {@code xmpp.jms.events.linger-ms} to gather one) on a cached connection,
 * session and producer, so the stanza hot path never waits for the broker. Events are
 * best effort (non-persistent topics): when the queue is full because the broker is down or slow,
 * new events are dropped and counted, never blocking message delivery.
 */
@ApplicationScoped
public class EventPublisher {
    private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());
    private static final int CAPACITY = 100_000;
    private static final int MAX_BATCH = 1000;

    @Inject ServerSettings settings;
    @Resource(lookup = JmsNames.CF_JNDI) ConnectionFactory factory;
    @Resource ManagedThreadFactory threads;

    private record Event(String topic, String kind, String xml, String from, String to, String type) { }

    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean enabled;
    private long lingerMillis;
    private volatile boolean running;
    private Thread thread;
    private String domain;

    @PostConstruct
    void start() {
        enabled = Boolean.parseBoolean(settings.get("xmpp.jms.events").orElse("true"));
        domain = settings.domain();
        lingerMillis = Long.parseLong(settings.get("xmpp.jms.events.linger-ms").orElse("20"));
        if (!enabled) return;
        running = true;
        thread = threads.newThread(this::loop);
        thread.setName("parley-jms-events");
        thread.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) thread.interrupt();
    }

    /** A message stanza accepted for delivery (or offline storage) to a local user. */
    public void messageAccepted(Element message, String xml) {
        offer(JmsNames.MESSAGE_EVENTS, "message", message, xml);
    }

    /**
     * A presence broadcast by a local user (available or unavailable), as serialized for the fan-out.
     * Its type is read on the publisher thread, not on the stanza path.
     */
    public void presenceBroadcast(Jid user, String xml) {
        if (!enabled) return;
        enqueue(new Event(JmsNames.PRESENCE_EVENTS, "presence", xml, user.bare().toString(), null, null));
    }

    public long dropped() { return dropped.get(); }

    private void offer(String topic, String kind, Element stanza, String xml) {
        if (!enabled) return;
        String type = stanza.attr("type");
        if (type == null) type = kind.equals("presence") ? "available" : "normal";
        // addresses are reduced to bare JIDs on the publisher thread, not on the stanza path
        enqueue(new Event(topic, kind, xml != null ? xml : stanza.toXml(), stanza.attr("from"), stanza.attr("to"), type));
    }

    private void enqueue(Event e) {
        if (!queue.offer(e) && dropped.getAndIncrement() % 10_000 == 0) {
            LOG.warning("JMS integration events are being dropped: the broker is not keeping up (" + dropped.get() + " so far)");
        }
    }

    private static String presenceType(String xml) {
        try {
            String t = XmlParser.parse(xml).attr("type");
            return t == null ? "available" : t;
        } catch (XmppStreamException e) {
            return "available";
        }
    }

    private static String bare(String jid) {
        Jid j = jid == null ? null : Jid.parseOrNull(jid);
        return j == null ? jid : j.bare().toString();
    }

    private void loop() {
        List<Event> batch = new ArrayList<>(MAX_BATCH);
        Publisher out = null;
        while (running) {
            try {
                Event first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) continue;
                // Linger so that one wake-up of this thread (and of the broker's transport thread) carries a
                // batch: at low rates, a thread hand-off per event costs more CPU than the send itself.
                if (lingerMillis > 0 && queue.size() < MAX_BATCH - 1) Thread.sleep(lingerMillis);
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                if (out == null) out = new Publisher(factory.createConnection());
                for (Event e : batch) out.send(e, domain);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (JMSException | RuntimeException e) {
                LOG.log(Level.WARNING, "publishing " + batch.size() + " integration event(s) failed; retrying", e);
                if (out != null) out.close();
                out = null;
                try { Thread.sleep(1000); } catch (InterruptedException ie) { Thread.currentThread().interrupt(); break; }
            }
        }
        if (out != null) out.close();
    }

    /** A connection with one session and producer kept for the publisher thread's lifetime (until an error). */
    private static final class Publisher {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;
        private final Map<String, Topic> topics = new HashMap<>();

        Publisher(Connection connection) throws JMSException {
            this.connection = connection;
            try {
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(null);
                producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
            } catch (JMSException | RuntimeException e) {
                close();
                throw e;
            }
        }

        void send(Event e, String domain) throws JMSException {
            TextMessage m = session.createTextMessage(e.xml());
            m.setStringProperty(JmsNames.P_KIND, e.kind());
            if (e.from() != null) m.setStringProperty(JmsNames.P_FROM, bare(e.from()));
            if (e.to() != null) m.setStringProperty(JmsNames.P_TO, bare(e.to()));
            m.setStringProperty(JmsNames.P_TYPE, e.type() != null ? e.type() : presenceType(e.xml()));
            m.setStringProperty(JmsNames.P_DOMAIN, domain);
            Topic topic = topics.get(e.topic());
            if (topic == null) topics.put(e.topic(), topic = session.createTopic(e.topic()));
            producer.send(topic, m);
        }

        void close() {
            try { connection.close(); } catch (JMSException | RuntimeException ignored) { }
        }
    }
}
