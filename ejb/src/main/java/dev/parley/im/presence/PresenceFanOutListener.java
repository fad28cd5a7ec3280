package dev.parley.im.presence;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers presence fan-outs from the JMS topic to this node's sessions (every node has its own subscription).
 *
 * <p>One consumer session ({@code maxSessions=1}): fan-outs are delivered in the order they were published, so an
 * 'unavailable' never overtakes the 'available' sent before it. Delivery is only a write into each session's
 * outbound queue, so one consumer keeps up.
 *
 * <p>Failures are not dropped silently: the transaction is rolled back and the broker redelivers; a message that
 * still fails after {@value #MAX_ATTEMPTS} attempts, or cannot be read at all, is logged at SEVERE with what it
 * carried and counted ({@link #failures()}). Sessions that closed in the meantime are not failures.
 *
 * <p>Defence in depth against presence leaks (RFC 6121 §11): a recipient gets the stanza only if its own roster
 * shows a subscription to the sender ('to' or 'both'), or it is the sender's own account.
 */
@MessageDriven(name = "PresenceFanOutListener", activationConfig = {
        @ActivationConfigProperty(propertyName = "resourceAdapter", propertyValue = PresenceFanOut.RESOURCE_ADAPTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "destination", propertyValue = PresenceFanOut.TOPIC_NAME),
        @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "1")
})
public class PresenceFanOutListener implements MessageListener {
    private static final Logger LOG = Logger.getLogger(PresenceFanOutListener.class.getName());
    static final int MAX_ATTEMPTS = 3;
    private static final AtomicLong FAILURES = new AtomicLong();

    @Resource MessageDrivenContext context;
    @Inject PresenceCore core;

    /** Fan-outs given up on since start. */
    public static long failures() { return FAILURES.get(); }

    @Override
    public void onMessage(Message message) {
        FanOut f;
        try {
            f = FanOut.decode(((TextMessage) message).getText());
        } catch (JMSException | RuntimeException e) {
            FAILURES.incrementAndGet();
            LOG.log(Level.SEVERE, "unreadable presence fan-out message dropped: " + message, e); // redelivery cannot help
            return;
        }
        try {
            core.engine().deliver(f);
        } catch (RuntimeException e) {
            int attempt = attempt(message);
            if (attempt < MAX_ATTEMPTS) {
                LOG.log(Level.WARNING, "presence fan-out from " + f.sender() + " failed (attempt " + attempt + "), will be redelivered", e);
                context.setRollbackOnly();
            } else {
                FAILURES.incrementAndGet();
                LOG.log(Level.SEVERE, "presence fan-out from " + f.sender() + " to " + f.recipients().size()
                        + " recipients given up after " + attempt + " attempts", e);
            }
        }
    }

    private static int attempt(Message m) {
        try { return Math.max(1, m.getIntProperty("JMSXDeliveryCount")); } catch (JMSException | RuntimeException e) { return MAX_ATTEMPTS; }
    }
}
