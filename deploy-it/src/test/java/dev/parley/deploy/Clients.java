package dev.parley.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** Smack clients and the admin REST API of one running server. */
final class Clients {
    static final String DOMAIN = "localhost";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-it-secret";

    final String host;
    final int c2sPort;
    final int httpPort;

    Clients(String host, int c2sPort, int httpPort) {
        this.host = host;
        this.c2sPort = c2sPort;
        this.httpPort = httpPort;
    }

    /** The server generates a self-signed certificate when none is configured. */
    static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };

    /** Logged in over STARTTLS with SCRAM; no presence sent yet. */
    XMPPTCPConnection login(String user, String password, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHost(host)
                .setPort(c2sPort)
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(TRUST_ALL)
                .setHostnameVerifier((h, s) -> true)
                .setSendPresence(false)
                .setConnectTimeout(15_000)
                .build());
        c.setReplyTimeout(20_000);
        c.connect().login();
        return c;
    }

    /** Logged in over STARTTLS with SASL PLAIN only. */
    XMPPTCPConnection loginPlain(String user, String password, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHost(host)
                .setPort(c2sPort)
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(TRUST_ALL)
                .setHostnameVerifier((h, s) -> true)
                .setSendPresence(false)
                .setConnectTimeout(15_000)
                .addEnabledSaslMechanism("PLAIN")
                .build());
        c.setReplyTimeout(20_000);
        try {
            c.connect().login();
        } catch (Exception e) {
            c.disconnect();
            throw e;
        }
        return c;
    }

    /** Collects the chat messages (with a body) a connection receives. */
    static BlockingQueue<Message> inbox(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> {
            Message m = (Message) s;
            if (m.getBody() != null) q.add(m);
        }, StanzaTypeFilter.MESSAGE);
        return q;
    }

    static Message poll(BlockingQueue<Message> q, int seconds) throws InterruptedException {
        return q.poll(seconds, TimeUnit.SECONDS);
    }

    static void sendAvailable(XMPPTCPConnection c, String status) throws Exception {
        Presence p = PresenceBuilder.buildPresence().ofType(Presence.Type.available).setStatus(status).build();
        c.sendStanza(p);
    }

    static Jid jid(String s) throws Exception { return JidCreate.from(s); }

    static Roster roster(XMPPTCPConnection c) {
        Roster r = Roster.getInstanceFor(c);
        r.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        return r;
    }

    // ------------------------------------------------------------------ REST

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (json != null) b.header("Content-Type", "application/json");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    void createUser(String user, String password) throws Exception {
        HttpResponse<String> r = admin("POST", "/api/users", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 201) throw new IllegalStateException("create user " + user + ": " + r.statusCode() + " " + r.body());
    }
}
