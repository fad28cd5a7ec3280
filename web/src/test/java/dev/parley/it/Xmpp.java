package dev.parley.it;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.X509TrustManager;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Shared test plumbing: the deployment, ports, Smack connections, raw sockets, REST calls. */
public final class Xmpp {
    private Xmpp() { }

    public static final String DOMAIN = "localhost";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";

    public static int c2sPort() { return Integer.getInteger("it.c2s.port", 5222); }
    public static int tlsPort() { return Integer.getInteger("it.tls.port", 5223); }
    public static int httpPort() { return Integer.getInteger("it.http.port", 8080); }
    public static int jmsPort() { return Integer.getInteger("it.jms.port", 61616); }

    /** The real WAR as built by this module (it carries the EJB jar); the RARs come from the post-boot file. */
    public static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/parley.war"));
    }

    /** Accepts the server's self-signed certificate (the test server generates one on first start). */
    public static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };

    public static XMPPTCPConnectionConfiguration.Builder config(String user, String password) throws IOException {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHost("127.0.0.1")
                .setPort(c2sPort())
                .setUsernameAndPassword(user, password)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(TRUST_ALL)
                .setHostnameVerifier((h, s) -> true)
                .setSendPresence(false)
                .setConnectTimeout(15_000);
    }

    /** A logged-in connection over STARTTLS. */
    public static XMPPTCPConnection login(String user, String password, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(config(user, password).setResource(resource).build());
        c.setReplyTimeout(15_000);
        c.connect().login();
        return c;
    }

    /**
     * Sends initial presence and waits until the server reflects it back to this resource
     * (RFC 6121 §4.2.2): from then on the session counts as available, so tests need not guess
     * with a sleep.
     */
    public static void becomeAvailable(XMPPTCPConnection c) throws Exception {
        org.jivesoftware.smack.StanzaCollector own = c.createStanzaCollector(
                new org.jivesoftware.smack.filter.AndFilter(org.jivesoftware.smack.filter.StanzaTypeFilter.PRESENCE,
                        org.jivesoftware.smack.filter.FromMatchesFilter.createFull(c.getUser())));
        try {
            c.sendStanza(org.jivesoftware.smack.packet.PresenceBuilder.buildPresence().build());
            if (own.nextResult(15_000) == null) throw new AssertionError("the server never reflected initial presence");
        } finally {
            own.cancel();
        }
    }

    // ------------------------------------------------------------------ REST

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static HttpResponse<String> rest(String method, String path, String json, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) b.header("Content-Type", "application/json");
        if (user != null) b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return rest(method, path, json, ADMIN, ADMIN_PASSWORD);
    }

    /** Creates a user through the REST API (idempotent for tests). */
    public static void createUser(String user, String password) throws Exception {
        HttpResponse<String> r = admin("POST", "/api/users", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 201 && r.statusCode() != 409) throw new IllegalStateException("create user " + user + ": " + r.statusCode() + " " + r.body());
    }
}
