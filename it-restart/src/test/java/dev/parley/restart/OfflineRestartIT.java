package dev.parley.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0160 offline messages are in the database, so they survive a restart. Starts the Payara Micro
 * bundle ({@code java -jar parley-micro.jar --rootdir DIR}, as {@code ./parley.sh} does) on a fresh
 * data directory, stores messages for an offline user, stops the server, starts it again on the same
 * directory and logs the user in. Blocklists, kept in memory, are loaded again from the database.
 */
class OfflineRestartIT {
    private static final String DOMAIN = "localhost";
    private static final String ADMIN_PASSWORD = "restart-admin-pw";
    private static final Duration BOOT = Duration.ofMinutes(6);

    private final Path jar = Path.of(System.getProperty("parley.micro.jar", "../ear/target/parley-micro.jar"));
    private final Path dir = Path.of(System.getProperty("it.dir", "target/restart"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process server;
    private int c2sPort;
    private int httpPort;

    @AfterEach
    void stopServer() throws Exception {
        stop();
    }

    @Test
    void storedMessagesAndBlocklistsSurviveARestart() throws Exception {
        assertTrue(Files.isRegularFile(jar), "build the bundle first (mvn package): " + jar.toAbsolutePath());
        Path root = dir.resolve("root");
        deleteTree(root);
        Files.createDirectories(root);
        c2sPort = freePort();
        httpPort = freePort();
        CarbonManager.setEnabledByDefault(false);

        start(root, "first");
        createUser("alice");
        createUser("bob");
        createUser("carol");
        XMPPTCPConnection bob0 = login("bob", "phone");
        BlockingCommandManager.getInstanceFor(bob0).blockContacts(List.of(JidCreate.from("carol@" + DOMAIN)));
        bob0.disconnect();
        XMPPTCPConnection alice = login("alice", "desk");
        StanzaCollector aliceIn = alice.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        for (int i = 1; i <= 3; i++) {
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@" + DOMAIN))
                    .ofType(Message.Type.chat).setBody("before the restart " + i).build());
        }
        // every message routed (a session's stanzas are handled in order), none refused
        alice.sendIqRequestAndWaitForResponse(new Ping(alice.getXMPPServiceDomain()));
        assertEquals(null, aliceIn.pollResult(), "stored, not refused");
        alice.disconnect();
        stop();

        start(root, "second");
        // the blocklist was loaded from the database at start: carol is still refused
        XMPPTCPConnection carol = login("carol", "desk");
        StanzaCollector carolIn = carol.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        carol.sendStanza(carol.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bob@" + DOMAIN))
                .ofType(Message.Type.chat).setBody("blocked").build());
        Message refused = carolIn.nextResult(30_000);
        assertNotNull(refused, "an error for a blocked sender");
        assertEquals(StanzaError.Condition.service_unavailable, refused.getError().getCondition());
        carol.disconnect();

        XMPPTCPConnection bob = login("bob", "phone");
        assertEquals(List.of(JidCreate.from("carol@" + DOMAIN)), BlockingCommandManager.getInstanceFor(bob).getBlockList());
        StanzaCollector bobIn = bob.createStanzaCollector(StanzaTypeFilter.MESSAGE);
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).build());
        for (int i = 1; i <= 3; i++) {
            Message m = bobIn.nextResult(30_000);
            assertNotNull(m, "stored message " + i + " after the restart");
            assertEquals("before the restart " + i, m.getBody());
            assertEquals(JidCreate.from("alice@" + DOMAIN + "/desk"), m.getFrom());
            DelayInformation d = DelayInformation.from(m);
            assertNotNull(d, "XEP-0203 delay");
            assertEquals(DOMAIN, d.getFrom());
        }
        bob.disconnect();
    }

    // ------------------------------------------------------------------ the server process

    private void start(Path root, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx768m",
                "-Dxmpp.domain=" + DOMAIN,
                "-Dxmpp.c2s.address=127.0.0.1",
                "-Dxmpp.c2s.port=" + c2sPort,
                "-Dxmpp.c2s.direct-tls-port=-1",
                "-Dxmpp.admins=admin@" + DOMAIN,
                "-Dxmpp.admin.initial-password=" + ADMIN_PASSWORD,
                "-jar", jar.toAbsolutePath().toString(),
                "--rootdir", root.toAbsolutePath().toString(),
                "--port", Integer.toString(httpPort),
                "--nocluster"));
        File log = dir.resolve("server-" + name + ".log").toFile();
        server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (true) {
            if (!server.isAlive()) throw new AssertionError("the server exited during start; see " + log);
            if (System.nanoTime() > deadline) throw new AssertionError("the server did not start in " + BOOT + "; see " + log);
            try {
                if (admin("GET", "/api/users", null).statusCode() == 200 && c2sOpen()) return;
            } catch (IOException notYet) {
                // still booting
            }
            Thread.sleep(1000);
        }
    }

    private void stop() throws InterruptedException {
        if (server == null) return;
        server.destroy(); // SIGTERM: Payara Micro shuts down
        if (!server.waitFor(90, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        server = null;
    }

    private boolean c2sOpen() {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", c2sPort)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    // ------------------------------------------------------------------ clients

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void createUser(String user) throws Exception {
        HttpResponse<String> r = admin("POST", "/api/users", "{\"username\":\"" + user + "\",\"password\":\"" + user + "-pw\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    private XMPPTCPConnection login(String user, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN).setHost("127.0.0.1").setPort(c2sPort)
                .setUsernameAndPassword(user, user + "-pw").setResource(resource)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(TRUST_ALL).setHostnameVerifier((h, s) -> true) // the generated self-signed certificate
                .setSendPresence(false).setConnectTimeout(15_000).build());
        c.setReplyTimeout(30_000);
        c.connect().login();
        return c;
    }

    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
}
