package dev.parley.xmpp.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.api.AccountCredentials;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.WebSocketPeer;
import dev.parley.xmpp.api.XmppListener;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.sasl.Scram;
import dev.parley.xmpp.sasl.ScramCredential;
import dev.parley.xmpp.server.ServerConfig;
import dev.parley.xmpp.server.XmppNode;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket stream on a real node (the session core, dispatcher and event loops of the connector,
 * without a container): the WebSocket peer is a queue of messages, the application listener routes
 * messages to full JIDs and records session ends.
 */
class WebSocketConnectionTest {
    private static final String OPEN = "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>";
    private static final String CLOSED = "(closed)";

    static Path dir;
    static ExecutorService threads;
    static XmppNode node;
    static final LinkedBlockingQueue<String> ended = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("parley-ws-test");
        Map<String, String> keys = Map.of(
                "xmpp.domain", "localhost", "xmpp.c2s.address", "127.0.0.1", "xmpp.c2s.port", "0",
                "xmpp.c2s.direct-tls-port", "-1", "xmpp.data.dir", dir.toString(), "xmpp.workers", "2",
                "xmpp.io-threads", "1", "xmpp.limits.max-stanza-bytes", "10000", "xmpp.limits.mailbox", "10");
        threads = Executors.newCachedThreadPool(r -> { Thread t = new Thread(r, "test-node"); t.setDaemon(true); return t; });
        node = new XmppNode(new ServerConfig(keys::get), threads, Listener::new, l -> { });
        node.start();
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
        threads.shutdownNow();
        delete(dir);
    }

    static void delete(Path d) throws java.io.IOException {
        try (var paths = Files.walk(d)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The application side: credentials for juliet and romeo, messages routed to full JIDs. */
    static final class Listener implements XmppListener {
        static final Map<String, AccountCredentials> ACCOUNTS = Map.of(
                "juliet", account("juliet", "juliet-pw"), "romeo", account("romeo", "romeo-pw"));

        static AccountCredentials account(String user, String pw) {
            return new AccountCredentials(user, Scram.derive(ScramCredential.SHA1, pw, Scram.newSalt(), 4096),
                    Scram.derive(ScramCredential.SHA256, pw, Scram.newSalt(), 4096), false);
        }

        @Override public AccountCredentials credentials(String username) { return ACCOUNTS.get(username); }
        @Override public Element unauthenticatedIq(XmppSession session, Element iq) { return Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable"); }
        @Override public void sessionStarted(XmppSession session) { }
        @Override public void stanza(XmppSession session, Element stanza) {
            if (!stanza.name().equals("message")) return;
            XmppSession to = node.registry().session(Jid.of(stanza.attr("to")));
            if (to != null) to.send(stanza);
        }
        @Override public void sessionEnded(XmppSession session, boolean graceful) { ended.add(session.jid() + (graceful ? " graceful" : " broken")); }
    }

    /** The WebSocket endpoint's side: what the connector sends, and closing as a container would. */
    static final class Peer implements WebSocketPeer {
        final LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
        final boolean secure;
        volatile boolean closed;
        WebSocketConnection conn;

        Peer(boolean secure) {
            this.secure = secure;
            this.conn = WebSocketConnection.open(node, this);
        }

        @Override public void sendText(String message) { if (!closed) in.add(message); }
        @Override public void close() {
            if (closed) return;
            closed = true;
            in.add(CLOSED);
            conn.closed();
        }
        @Override public String remoteAddress() { return "127.0.0.1:1"; }
        @Override public boolean secure() { return secure; }

        Peer send(String... messages) { for (String m : messages) conn.receive(m); return this; }

        String next() throws InterruptedException {
            String m = in.poll(15, TimeUnit.SECONDS);
            assertNotNull(m, "no message from the server");
            return m;
        }

        /** Reads until a message contains {@code marker}; every message read must be one standalone element. */
        String await(String marker) throws Exception {
            List<String> seen = new ArrayList<>();
            while (true) {
                String m = next();
                seen.add(m);
                if (!m.equals(CLOSED)) XmlParser.parse(m); // RFC 7395 §3.3: each message parses on its own
                if (m.contains(marker)) return m;
                assertFalse(m.equals(CLOSED), "closed before " + marker + ": " + seen);
            }
        }
    }

    static String plain(String user, String pw) {
        return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(("\0" + user + "\0" + pw).getBytes(StandardCharsets.UTF_8)) + "</auth>";
    }

    static String bind(String resource) {
        return "<iq xmlns='jabber:client' type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource + "</resource></bind></iq>";
    }

    /** A bound session over a secure (wss) WebSocket, every step awaited. */
    static Peer login(String user, String resource) throws Exception {
        Peer p = new Peer(true);
        p.send(OPEN);
        p.await("</stream:features>");
        p.send(plain(user, user + "-pw"));
        p.await("<success");
        p.send(OPEN);
        p.await("<bind");
        p.send(bind(resource));
        assertTrue(p.await("id=\"bind\"").contains(user + "@localhost/" + resource));
        return p;
    }

    @Test
    void theStreamOpensWithOpenAndFeaturesAndOffersNoStartTls() throws Exception {
        Peer p = new Peer(false).send(OPEN);
        String open = p.next();
        Element o = XmlParser.parse(open);
        assertTrue(o.is("open", FrameDecoder.FRAMING), open);
        assertEquals("localhost", o.attr("from"));
        assertEquals("1.0", o.attr("version"));
        assertNotNull(o.attr("id"));
        String features = p.next();
        Element f = XmlParser.parse(features);
        assertTrue(f.is("features", Ns.STREAM), features);
        assertEquals(null, f.element("starttls", Ns.TLS), "TLS is the HTTP layer's: " + features);
        List<String> mechanisms = f.element("mechanisms", Ns.SASL).elements().stream().map(Element::text).toList();
        assertTrue(mechanisms.contains("SCRAM-SHA-256"), features);
        assertFalse(mechanisms.contains("PLAIN"), "PLAIN over ws:// only when plaintext is allowed: " + features);
        assertFalse(mechanisms.contains("SCRAM-SHA-256-PLUS"), "no channel binding over WebSocket: " + features);
        p.send(plain("juliet", "juliet-pw"));
        assertTrue(p.await("</failure>").contains("<encryption-required/>"));
        p.close();
    }

    @Test
    void overWssPlainIsOfferedAndAFullSessionChatsWithAnother() throws Exception {
        Peer wss = new Peer(true).send(OPEN);
        String features = wss.await("</stream:features>");
        assertTrue(features.contains("<mechanism>PLAIN</mechanism>"), features);
        wss.close();

        Peer juliet = login("juliet", "balcony");
        Peer romeo = login("romeo", "orchard");
        juliet.send("<message xmlns='jabber:client' to='romeo@localhost/orchard' type='chat' id='m1'><body>Romeo?</body></message>");
        String got = romeo.await("id=\"m1\"");
        Element m = XmlParser.parse(got);
        assertTrue(m.is("message", Ns.CLIENT), got);
        assertEquals("juliet@localhost/balcony", m.attr("from"));
        assertEquals("Romeo?", m.childText("body", Ns.CLIENT));
        // without xmlns the element is read in jabber:client (and is delivered with it)
        romeo.send("<message to='juliet@localhost/balcony' type='chat' id='m2'><body>Juliet!</body></message>");
        Element back = XmlParser.parse(juliet.await("id=\"m2\""));
        assertTrue(back.is("message", Ns.CLIENT));
        assertEquals("Juliet!", back.childText("body", Ns.CLIENT));
        juliet.close();
        romeo.close();
    }

    @Test
    void pipelinedMessagesBeforeBindAreHandledInOrder() throws Exception {
        // Everything in one burst: the session pauses after each element until it is handled, so the
        // second <open/> must wait for the SASL success and the bind for the restarted stream.
        Peer p = new Peer(true).send(OPEN, plain("juliet", "juliet-pw"), OPEN, bind("burst"),
                "<message xmlns='jabber:client' to='juliet@localhost/burst' id='self'><body>me</body></message>");
        assertTrue(p.next().startsWith("<open "));
        assertTrue(p.next().contains("<mechanisms"));
        assertTrue(p.next().startsWith("<success"));
        assertTrue(p.next().startsWith("<open "));
        assertTrue(p.next().contains("<bind"));
        assertTrue(p.next().contains("juliet@localhost/burst</jid>"));
        assertTrue(p.next().contains("id=\"self\""));
        p.close();
    }

    @Test
    void aStanzaInsteadOfTheRestartOpenIsRefusedEvenWhenPipelined() throws Exception {
        // Decoding must wait for the SASL success to be handled: decoded ahead, the bind would slip
        // into the authenticated stream without the restart RFC 7395 §3.7 requires.
        Peer p = new Peer(true).send(OPEN, plain("juliet", "juliet-pw"), bind("norestart"));
        assertTrue(p.await("<success").startsWith("<success"));
        String err = p.next();
        assertTrue(err.contains("<invalid-namespace "), err);
        assertTrue(p.next().startsWith("<close "));
        assertEquals(CLOSED, p.next());
    }

    @Test
    void aMalformedMessageEndsOnlyItsOwnStream() throws Exception {
        Peer juliet = login("juliet", "malformed");
        Peer romeo = login("romeo", "witness");
        juliet.send("<message xmlns='jabber:client' to='romeo@localhost/witness'><body>oops</message>");
        String err = juliet.next();
        assertTrue(err.startsWith("<stream:error xmlns:stream='http://etherx.jabber.org/streams'>") && err.contains("<not-well-formed "), err);
        XmlParser.parse(err);
        assertEquals("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", juliet.next());
        assertEquals(CLOSED, juliet.next());
        assertTrue(pollEnded("juliet@localhost/malformed").endsWith("broken"));
        romeo.send("<message xmlns='jabber:client' to='romeo@localhost/witness' id='still'><body>fine</body></message>");
        assertTrue(romeo.await("id=\"still\"").contains("fine"));
        romeo.close();
    }

    @Test
    void aMessageOverTheStanzaLimitIsAPolicyViolation() throws Exception {
        Peer p = login("juliet", "big");
        p.send("<message xmlns='jabber:client' to='romeo@localhost/x'><body>" + "x".repeat(10_000) + "</body></message>");
        assertTrue(p.await("</stream:error>").contains("<policy-violation "));
        assertTrue(p.await("<close ").startsWith("<close "));
        assertEquals(CLOSED, p.next());
    }

    @Test
    void aStanzaBeforeOpenIsInvalidNamespaceAfterAHeader() throws Exception {
        Peer p = new Peer(false).send("<message xmlns='jabber:client' to='romeo@localhost'/>");
        assertTrue(p.next().startsWith("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'"), "RFC 6120 §4.9.1.3: a header before the error");
        assertTrue(p.next().contains("<invalid-namespace "));
        assertTrue(p.next().startsWith("<close "));
        assertEquals(CLOSED, p.next());
    }

    @Test
    void closeIsAnsweredWithCloseAndEndsTheSessionGracefully() throws Exception {
        Peer p = login("romeo", "leaving");
        p.send("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertEquals("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", p.next());
        assertEquals(CLOSED, p.next());
        assertTrue(pollEnded("romeo@localhost/leaving").endsWith("graceful"));
    }

    @Test
    void aClientThatFloodsAPausedStreamIsCutOff() throws Exception {
        Peer p = new Peer(false).send(OPEN);
        p.await("</stream:features>");
        for (int i = 0; i < 300; i++) p.send("<iq xmlns='jabber:client' type='get' id='r" + i + "'><query xmlns='jabber:iq:register'/></iq>");
        String err = p.await("</stream:error>");
        assertTrue(err.contains("<policy-violation ") && err.contains("queued"), err);
        assertTrue(p.await(CLOSED).equals(CLOSED));
    }

    @Test
    void aStreamThatDoesNotAuthenticateInTimeIsClosed() throws Exception {
        Path d = Files.createTempDirectory("parley-ws-timeout");
        Map<String, String> keys = Map.of(
                "xmpp.domain", "localhost", "xmpp.c2s.address", "127.0.0.1", "xmpp.c2s.port", "0",
                "xmpp.c2s.direct-tls-port", "-1", "xmpp.data.dir", d.toString(), "xmpp.workers", "1",
                "xmpp.io-threads", "1", "xmpp.limits.unauthenticated-timeout", "1");
        XmppNode slow = new XmppNode(new ServerConfig(keys::get), threads, Listener::new, l -> { });
        slow.start();
        try {
            LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
            WebSocketPeer peer = new WebSocketPeer() {
                @Override public void sendText(String message) { in.add(message); }
                @Override public void close() { in.add(CLOSED); }
                @Override public String remoteAddress() { return "127.0.0.1:2"; }
                @Override public boolean secure() { return false; }
            };
            WebSocketConnection c = WebSocketConnection.open(slow, peer);
            c.receive(OPEN);
            long start = System.nanoTime();
            String m;
            do {
                m = in.poll(10, TimeUnit.SECONDS);
                assertNotNull(m, "no connection-timeout");
            } while (!m.contains("stream:error"));
            assertTrue(m.contains("<connection-timeout "), m);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500), "not before the timeout");
            assertTrue(in.poll(5, TimeUnit.SECONDS).startsWith("<close "));
            assertEquals(CLOSED, in.poll(5, TimeUnit.SECONDS));
            c.closed();
        } finally {
            slow.stop();
            delete(d);
        }
    }

    private static String pollEnded(String jid) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            String e = ended.poll(1, TimeUnit.SECONDS);
            if (e != null && e.startsWith(jid + " ")) return e;
        }
        throw new AssertionError("no session end for " + jid);
    }
}
