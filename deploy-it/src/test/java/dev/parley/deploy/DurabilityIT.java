package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * "Stop the server with kill -9 while clients are sending messages to an offline user; after restart every
 * message the server acknowledged is there" — on PostgreSQL (the production bundle) and on embedded H2 (the
 * default bundle, WRITE_DELAY=0).
 * <p>Acknowledged: the server processes a session's stanzas in order (RFC 6120 §10.1), so when the sender
 * gets the result of an XEP-0199 ping sent after a message, the server has finished with that message. A
 * message is acknowledged when such a ping result came back and no error was returned for it (an error
 * means it was refused, e.g. the recipient's offline store was full).
 */
class DurabilityIT {
    private static final int SENDERS = 4;
    private static final int BATCH = 10;          // messages between two pings
    private static final int KILL_AFTER_ACKED = 300;

    @Test
    void postgresKeepsEveryAcknowledgedMessage() throws Exception {
        Assumptions.assumeTrue(Services.postgresAbsent() == null, Services::postgresAbsent);
        Services.Postgres pg = Services.postgres();
        String url = pg.createDatabase("parley_durability");
        run(Path.of(System.getProperty("it.micro.production.jar")), Services.itDir().resolve("durability-postgres"), Map.of(
                "PARLEY_DB_URL", url, "PARLEY_DB_USER", Services.DB_USER, "PARLEY_DB_PASSWORD", Services.DB_PASSWORD,
                "PARLEY_BROKER_URL", Services.broker(), "PARLEY_BROKER_USER", "parley", "PARLEY_BROKER_PASSWORD", "broker-pw"));
    }

    @Test
    void embeddedH2KeepsEveryAcknowledgedMessage() throws Exception {
        run(Path.of(System.getProperty("it.micro.jar")), Services.itDir().resolve("durability-h2"), Map.of());
    }

    private void run(Path jar, Path root, Map<String, String> env) throws Exception {
        List<String> opts = List.of("-Dxmpp.limits.max-offline-messages=100000");
        Services.freshDir(root);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        try (MicroServer server = new MicroServer(jar, root, env, opts)) {
            server.start();
            Clients c = server.clients();
            c.createUser("nurse", "nurse-pw");
            c.createUser("probe", "probe-pw");
            c.createUser("juliet", "juliet-pw");   // the offline user: never logged in before the restart
            for (int i = 0; i < SENDERS; i++) c.createUser("sender" + i, "sender-pw");

            // Is there offline storage at all in this build? One message to an account that has never been
            // online, then that account comes online. Without the feature the harness cannot say anything.
            XMPPTCPConnection nurse = c.login("nurse", "nurse-pw", "precheck");
            nurse.sendStanza(MessageBuilder.buildMessage("pre-1").to(JidCreate.entityBareFrom("probe@localhost"))
                    .ofType(Message.Type.chat).setBody("are you there?").build());
            PingManager.getInstanceFor(nurse).pingMyServer(true, 20_000);
            nurse.disconnect();
            XMPPTCPConnection probe = c.login("probe", "probe-pw", "precheck");
            BlockingQueue<Message> probeIn = Clients.inbox(probe);
            Clients.sendAvailable(probe, "back");
            Message stored = Clients.poll(probeIn, 15);
            probe.disconnect();
            Assumptions.assumeTrue(stored != null, "this build does not store messages for offline users (MessageService): "
                    + "the kill -9 harness ran its precheck and awaits the offline-storage feature");

            // SENDERS clients send to juliet until the server is killed
            List<XMPPTCPConnection> senders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) senders.add(c.login("sender" + i, "sender-pw", "flood"));
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                XMPPTCPConnection conn = senders.get(i);
                String prefix = "s" + i + "-";
                // error replies carry the id of the refused message
                conn.addAsyncStanzaListener(st -> { if (((Message) st).getType() == Message.Type.error) refused.add(st.getStanzaId()); },
                        StanzaTypeFilter.MESSAGE);
                Thread t = new Thread(() -> {
                    PingManager ping = PingManager.getInstanceFor(conn);
                    int n = 0;
                    try {
                        while (!stop.get()) {
                            List<String> batch = new ArrayList<>();
                            for (int k = 0; k < BATCH; k++) {
                                String id = prefix + (n++);
                                conn.sendStanza(MessageBuilder.buildMessage(id).to(JidCreate.entityBareFrom("juliet@localhost"))
                                        .ofType(Message.Type.chat).setBody(id).build());
                                sent.incrementAndGet();
                                batch.add(id);
                            }
                            if (!ping.pingMyServer(false, 20_000)) break;
                            // the ping result came after every reply to the batch (in-order processing)
                            for (String id : batch) if (!refused.contains(id)) acked.add(id);
                            if (acked.size() >= KILL_AFTER_ACKED) enough.countDown();
                        }
                    } catch (Exception e) {
                        // the server was killed: the connection broke
                    }
                }, "sender-" + i);
                t.start();
                threads.add(t);
            }
            assertTrue(enough.await(120, TimeUnit.SECONDS), "the senders got " + acked.size() + " messages acknowledged in 120 s");
            server.kill();          // kill -9 while they are still sending
            stop.set(true);
            for (Thread t : threads) t.join(30_000);
        }
        Set<String> ackedAtKill = new HashSet<>(acked);

        // restart on the same data and let juliet come online
        try (MicroServer server = new MicroServer(jar, root, env, opts)) {
            server.start();
            XMPPTCPConnection juliet = server.clients().login("juliet", "juliet-pw", "tomb");
            BlockingQueue<Message> in = Clients.inbox(juliet);
            Clients.sendAvailable(juliet, "awake");
            Set<String> received = Collections.synchronizedSet(new TreeSet<>());
            long quietUntil = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < quietUntil) {
                Message m = in.poll(1, TimeUnit.SECONDS);
                if (m != null) {
                    received.add(m.getBody());
                    quietUntil = Math.max(quietUntil, System.currentTimeMillis() + 5_000);
                    if (received.containsAll(ackedAtKill)) quietUntil = Math.min(quietUntil, System.currentTimeMillis() + 2_000);
                }
            }
            juliet.disconnect();
            Set<String> lost = new TreeSet<>(ackedAtKill);
            lost.removeAll(received);
            System.out.printf("durability (%s): sent %d, acknowledged %d, refused %d, delivered after restart %d, lost %d%n",
                    jar.getFileName(), sent.get(), ackedAtKill.size(), refused.size(), received.size(), lost.size());
            assertTrue(lost.isEmpty(), lost.size() + " of " + ackedAtKill.size() + " acknowledged messages were lost by kill -9, e.g. "
                    + lost.stream().limit(10).toList());
        }
    }
}
