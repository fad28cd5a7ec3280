package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message.Type;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The JMS integration destinations, used by a plain JMS client outside the server (the ActiveMQ client
 * library over TCP to the broker the server uses).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IntegrationIT {

    @Deployment(testable = false)
    static WebArchive deployment() { return Xmpp.war(); }

    private static Connection jms;

    @BeforeAll
    static void connect() throws Exception {
        // the deployment is up when Arquillian runs the first test; the broker's TCP port opens with it
        jms = null;
    }

    private static Session session() throws Exception {
        if (jms == null) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    jms = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + Xmpp.jmsPort()).createConnection();
                    jms.start();
                    break;
                } catch (Exception e) {
                    if (System.currentTimeMillis() > deadline) throw e;
                    Thread.sleep(500);
                }
            }
        }
        return jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterAll
    static void close() throws Exception { if (jms != null) jms.close(); }

    /** Synchronous: Smack calls sync listeners in arrival order (async ones may run out of order). */
    private static BlockingQueue<Stanza> inbox(XMPPTCPConnection c) {
        BlockingQueue<Stanza> q = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(q::add, StanzaTypeFilter.MESSAGE);
        return q;
    }

    @Test
    void inboundStanzaTextAndMapMessagesAreDelivered() throws Exception {
        Xmpp.createUser("jms-rcpt", "pw");
        XMPPTCPConnection c = Xmpp.login("jms-rcpt", "pw", "r");
        try {
            BlockingQueue<Stanza> in = inbox(c);
            Xmpp.becomeAvailable(c);
            try (Session s = session(); MessageProducer p = s.createProducer(s.createQueue("parley.inbound"))) {
                p.send(s.createTextMessage("<message xmlns='jabber:client' to='jms-rcpt@localhost' from='alerts@localhost' type='chat'><body>stanza</body></message>"));
                TextMessage t = s.createTextMessage("plain text");
                t.setStringProperty("xmppTo", "jms-rcpt@localhost");
                t.setStringProperty("xmppType", "normal");
                p.send(t);
                MapMessage m = s.createMapMessage();
                m.setString("to", "jms-rcpt@localhost");
                m.setString("body", "from a map");
                p.send(m);
            }
            org.jivesoftware.smack.packet.Message m1 = (org.jivesoftware.smack.packet.Message) in.poll(15, TimeUnit.SECONDS);
            org.jivesoftware.smack.packet.Message m2 = (org.jivesoftware.smack.packet.Message) in.poll(15, TimeUnit.SECONDS);
            org.jivesoftware.smack.packet.Message m3 = (org.jivesoftware.smack.packet.Message) in.poll(15, TimeUnit.SECONDS);
            assertNotNull(m3, "three messages arrive");
            assertEquals("stanza", m1.getBody());
            assertEquals("alerts@localhost", m1.getFrom().toString());
            assertEquals("plain text", m2.getBody());
            assertEquals(Type.normal, m2.getType());
            assertEquals("localhost", m2.getFrom().toString());
            assertEquals("from a map", m3.getBody());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void inboundToAnOfflineUserIsStoredAndDeliveredAtLogin() throws Exception {
        Xmpp.createUser("jms-offline", "pw");
        try (Session s = session(); MessageProducer p = s.createProducer(s.createQueue("parley.inbound"))) {
            MapMessage m = s.createMapMessage();
            m.setString("to", "jms-offline@localhost");
            m.setString("body", "while you were away");
            p.send(m);
        }
        Thread.sleep(2000);
        XMPPTCPConnection c = Xmpp.login("jms-offline", "pw", "r");
        try {
            BlockingQueue<Stanza> in = inbox(c);
            Xmpp.becomeAvailable(c);
            org.jivesoftware.smack.packet.Message m = (org.jivesoftware.smack.packet.Message) in.poll(15, TimeUnit.SECONDS);
            assertNotNull(m, "the stored message arrives after initial presence");
            assertEquals("while you were away", m.getBody());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void invalidInboundMessagesGetAnErrorReplyAndDoNotBlockTheQueue() throws Exception {
        Xmpp.createUser("jms-after", "pw");
        XMPPTCPConnection c = Xmpp.login("jms-after", "pw", "r");
        try (Session s = session(); MessageProducer p = s.createProducer(s.createQueue("parley.inbound"))) {
            BlockingQueue<Stanza> in = inbox(c);
            Xmpp.becomeAvailable(c);
            TemporaryQueue replies = s.createTemporaryQueue();
            MessageConsumer errors = s.createConsumer(replies);
            TextMessage broken = s.createTextMessage("<message xmlns='jabber:client' to='jms-after@localhost'><body>oops</message>");
            broken.setJMSReplyTo(replies);
            p.send(broken);
            MapMessage nobody = s.createMapMessage();
            nobody.setString("to", "jms-after@elsewhere.example");
            nobody.setString("body", "x");
            nobody.setJMSReplyTo(replies);
            p.send(nobody);
            MapMessage good = s.createMapMessage();
            good.setString("to", "jms-after@localhost");
            good.setString("body", "still flowing");
            p.send(good);
            Message e1 = errors.receive(15_000);
            Message e2 = errors.receive(15_000);
            assertNotNull(e2, "both refusals are answered");
            assertEquals("bad-request", e1.getStringProperty("xmppError"));
            assertEquals(broken.getJMSMessageID(), e1.getJMSCorrelationID());
            assertEquals("item-not-found", e2.getStringProperty("xmppError"));
            org.jivesoftware.smack.packet.Message m = (org.jivesoftware.smack.packet.Message) in.poll(15, TimeUnit.SECONDS);
            assertNotNull(m);
            assertEquals("still flowing", m.getBody());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void messageAndPresenceEventsCanBeSelectedByProperties() throws Exception {
        Xmpp.createUser("ev-a", "pw");
        Xmpp.createUser("ev-b", "pw");
        XMPPTCPConnection a = Xmpp.login("ev-a", "pw", "r");
        XMPPTCPConnection b = Xmpp.login("ev-b", "pw", "r");
        try (Session s = session()) {
            MessageConsumer messages = s.createConsumer(s.createTopic("parley.events.message"), "xmppTo = 'ev-b@localhost' AND xmppType = 'chat'");
            MessageConsumer presence = s.createConsumer(s.createTopic("parley.events.presence"), "xmppFrom = 'ev-a@localhost'");
            Thread.sleep(500);
            b.sendStanza(PresenceBuilder.buildPresence().build());
            a.sendStanza(PresenceBuilder.buildPresence().setStatus("around").build());
            a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(JidCreate.entityBareFrom("ev-b@localhost"))
                    .ofType(Type.chat).setBody("watched").build());
            TextMessage ev = (TextMessage) messages.receive(15_000);
            assertNotNull(ev, "a message event");
            assertEquals("ev-a@localhost", ev.getStringProperty("xmppFrom"));
            assertEquals("localhost", ev.getStringProperty("xmppDomain"));
            assertTrue(ev.getText().contains("watched"), ev.getText());
            TextMessage pe = (TextMessage) presence.receive(15_000);
            assertNotNull(pe, "a presence event");
            assertEquals("available", pe.getStringProperty("xmppType"));
            assertTrue(pe.getText().contains("around"), pe.getText());
        } finally {
            a.disconnect();
            b.disconnect();
        }
    }
}
