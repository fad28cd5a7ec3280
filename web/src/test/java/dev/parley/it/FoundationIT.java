package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.AdHocCommandResult;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;

/**
 * RFC 6120 client streams against the deployed server (connector RAR + WAR on Payara Micro), with
 * Smack and raw sockets over real TCP. One deployment serves every test in this class.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FoundationIT {

    @Deployment(testable = false)
    static WebArchive deployment() { return Xmpp.war(); }

    @BeforeAll
    static void mechanisms() { ScramClient.register(); }

    private static XMPPTCPConnection loginWith(String user, String pw, String mechanism, String resource) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(Xmpp.config(user, pw).setResource(resource).addEnabledSaslMechanism(mechanism).build());
        c.setReplyTimeout(15_000);
        c.connect().login();
        return c;
    }

    @Test
    void startTlsAndScramSha256Login() throws Exception {
        Xmpp.createUser("alice", "alice-pw");
        XMPPTCPConnection c = loginWith("alice", "alice-pw", "SCRAM-SHA-256", "desk");
        try {
            assertTrue(c.isSecureConnection(), "STARTTLS negotiated");
            assertTrue(c.isAuthenticated());
            assertEquals("SCRAM-SHA-256", c.getUsedSaslMechansism());
            assertEquals("alice@localhost/desk", c.getUser().toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void scramPlusWithChannelBindingAndScramSha1AndPlainOverTls() throws Exception {
        Xmpp.createUser("carol", "carol-pw");
        for (String mech : new String[] {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-1", "PLAIN"}) {
            XMPPTCPConnection c = loginWith("carol", "carol-pw", mech, "r-" + mech);
            try {
                assertEquals(mech, c.getUsedSaslMechansism());
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void wrongPasswordIsNotAuthorized() throws Exception {
        Xmpp.createUser("bob", "bob-pw");
        XMPPTCPConnection c = new XMPPTCPConnection(Xmpp.config("bob", "wrong").addEnabledSaslMechanism("SCRAM-SHA-256").build());
        try {
            c.connect();
            SASLErrorException e = assertThrows(SASLErrorException.class, c::login);
            assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void unknownUserFailsLikeAWrongPassword() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(Xmpp.config("nobody-here", "x").addEnabledSaslMechanism("SCRAM-SHA-256").build());
        try {
            c.connect();
            SASLErrorException e = assertThrows(SASLErrorException.class, c::login);
            assertEquals("not-authorized", e.getSASLFailure().getSASLErrorString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void plainRefusedWithoutTls() throws Exception {
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            String features = raw.send(RawStream.HEADER).await("</stream:features>", 10_000);
            assertTrue(features.contains("<starttls"), features);
            assertTrue(features.contains("SCRAM-SHA-256"), features);
            assertFalse(features.contains(">PLAIN<"), "PLAIN must not be offered on a plaintext stream: " + features);
            String auth = java.util.Base64.getEncoder().encodeToString("\0alice\0alice-pw".getBytes(StandardCharsets.UTF_8));
            String reply = raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + auth + "</auth>")
                    .await("</failure>", 10_000);
            assertTrue(reply.contains("<encryption-required/>"), reply);
        }
        // and Smack, forbidden to use TLS and offered only PLAIN, cannot log in
        Xmpp.createUser("alice", "alice-pw");
        XMPPTCPConnection c = new XMPPTCPConnection(Xmpp.config("alice", "alice-pw")
                .setSecurityMode(SecurityMode.disabled).addEnabledSaslMechanism("PLAIN").build());
        try {
            c.connect();
            assertThrows(Exception.class, c::login);
            assertFalse(c.isAuthenticated());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void resourceConflictEndsTheOlderSession() throws Exception {
        Xmpp.createUser("dave", "dave-pw");
        XMPPTCPConnection first = Xmpp.login("dave", "dave-pw", "same");
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        first.addConnectionListener(new ConnectionListener() {
            @Override public void connectionClosedOnError(Exception e) { closed.complete(e); }
        });
        XMPPTCPConnection second = Xmpp.login("dave", "dave-pw", "same");
        try {
            Exception e = closed.get(15, TimeUnit.SECONDS);
            assertTrue(e instanceof XMPPException.StreamErrorException, String.valueOf(e));
            assertEquals(StreamError.Condition.conflict, ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
            assertEquals("dave@localhost/same", second.getUser().toString());
            assertTrue(PingManager.getInstanceFor(second).pingMyServer(), "the new session works");
        } finally {
            second.disconnect();
            first.disconnect();
        }
    }

    @Test
    void serverAnswersPing() throws Exception {
        Xmpp.createUser("erin", "erin-pw");
        XMPPTCPConnection c = Xmpp.login("erin", "erin-pw", "ping");
        try {
            assertTrue(PingManager.getInstanceFor(c).pingMyServer(false));
        } finally {
            c.disconnect();
        }
    }

    @Test
    void malformedXmlClosesOnlyThatStream() throws Exception {
        Xmpp.createUser("frank", "frank-pw");
        XMPPTCPConnection bystander = Xmpp.login("frank", "frank-pw", "bystander");
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            raw.send(RawStream.HEADER).await("</stream:features>", 10_000);
            String reply = raw.send("<message><body>oops</message>").await("</stream:stream>", 10_000);
            assertTrue(reply.contains("<not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), reply);
            assertTrue(raw.closedByServer(10_000), "the server closes the broken stream");
            assertTrue(PingManager.getInstanceFor(bystander).pingMyServer(false), "other sessions keep working");
        } finally {
            bystander.disconnect();
        }
    }

    @Test
    void restrictedXmlIsRejectedAtTheTokenizer() throws Exception {
        String[] inputs = {
            "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;'>]>"
                    + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>",
            RawStream.HEADER + "<message to='x@localhost'><body>&lol;</body></message>",
            RawStream.HEADER + "<!-- a comment -->",
            RawStream.HEADER + "<?php echo 1; ?>",
        };
        for (String in : inputs) {
            try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
                String reply = raw.send(in).await("</stream:stream>", 10_000);
                assertTrue(reply.contains("<restricted-xml xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), in + " -> " + reply);
                assertTrue(raw.closedByServer(10_000));
            }
        }
    }

    @Test
    void oversizedStanzaIsAPolicyViolation() throws Exception {
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            raw.send(RawStream.HEADER).await("</stream:features>", 10_000);
            raw.send("<message to='x@localhost'><body>");
            byte[] chunk = "a".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            String reply = null;
            for (int i = 0; i < 64 && reply == null; i++) { // never more than 512 KiB; the test server's limit is 64 KiB
                try { raw.send(chunk); } catch (java.io.IOException closed) { break; }
                if (raw.received().contains("</stream:stream>")) reply = raw.received();
            }
            reply = raw.await("</stream:stream>", 10_000);
            assertTrue(reply.contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), reply);
        }
    }

    @Test
    void streamHeaderErrors() throws Exception {
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            String reply = raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='elsewhere.example' version='1.0'>")
                    .await("</stream:stream>", 10_000);
            assertTrue(reply.contains("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), reply);
        }
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            String reply = raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong' to='localhost' version='1.0'>")
                    .await("</stream:stream>", 10_000);
            assertTrue(reply.contains("<invalid-namespace xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), reply);
        }
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            String reply = raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>")
                    .await("</stream:stream>", 10_000);
            assertTrue(reply.contains("<invalid-namespace xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), reply);
        }
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            raw.send(RawStream.HEADER).await("</stream:features>", 10_000);
            String reply = raw.send("<message to='alice@localhost'><body>hi</body></message>").await("</stream:stream>", 10_000);
            assertTrue(reply.contains("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), reply);
        }
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            String reply = raw.send("<?xml version='1.0' encoding='ISO-8859-1'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>")
                    .await("</stream:stream>", 10_000);
            assertTrue(reply.contains("<unsupported-encoding xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"), reply);
        }
    }

    @Test
    void whitespaceKeepalivesAreAccepted() throws Exception {
        try (RawStream raw = new RawStream(Xmpp.c2sPort())) {
            raw.send(RawStream.HEADER).await("</stream:features>", 10_000);
            raw.send(" \n \n ");
            String reply = raw.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>").await("<proceed", 10_000);
            assertTrue(reply.contains("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), reply);
        }
    }

    @Test
    void directTlsOnItsOwnPort() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {Xmpp.TRUST_ALL}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", Xmpp.tlsPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(RawStream.HEADER.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            StringBuilder sb = new StringBuilder();
            byte[] buf = new byte[4096];
            while (!sb.toString().contains("</stream:features>")) {
                int n = s.getInputStream().read(buf);
                if (n < 0) break;
                sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            String features = sb.toString();
            assertTrue(features.contains("SCRAM-SHA-256-PLUS"), features);
            assertFalse(features.contains("SCRAM-SHA-1-PLUS"), "not offered by default (Smack cannot use it): " + features);
            assertTrue(features.contains("<channel-binding type='tls-server-end-point'/>"), features);
            assertTrue(features.contains(">PLAIN<"), features);
            assertFalse(features.contains("<starttls"), features);
            assertTrue(s.getSession().getProtocol().startsWith("TLSv1.")
                    && (s.getSession().getProtocol().equals("TLSv1.3") || s.getSession().getProtocol().equals("TLSv1.2")));
        }
    }

    @Test
    void inBandRegistrationAndRemoval() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(Xmpp.config("newbie", "newbie-pw").build());
        try {
            c.connect();
            AccountManager am = AccountManager.getInstance(c);
            assertTrue(am.supportsAccountCreation());
            am.createAccount(Localpart.from("newbie"), "newbie-pw");
            XMPPException.XMPPErrorException dup = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> am.createAccount(Localpart.from("newbie"), "other"));
            assertEquals("conflict", dup.getStanzaError().getCondition().toString());
        } finally {
            c.disconnect();
        }
        XMPPTCPConnection u = Xmpp.login("newbie", "newbie-pw", "r");
        AccountManager.getInstance(u).changePassword("newbie-pw2");
        u.disconnect();
        XMPPTCPConnection u2 = Xmpp.login("newbie", "newbie-pw2", "r");
        AccountManager.getInstance(u2).deleteAccount();
        u2.disconnect();
        XMPPTCPConnection gone = new XMPPTCPConnection(Xmpp.config("newbie", "newbie-pw2").build());
        try {
            gone.connect();
            assertThrows(SASLErrorException.class, gone::login);
        } finally {
            gone.disconnect();
        }
    }

    @Test
    void adminCreatesUserWithXep0133() throws Exception {
        XMPPTCPConnection admin = Xmpp.login(Xmpp.ADMIN, Xmpp.ADMIN_PASSWORD, "console");
        try {
            assertTrue(ServiceDiscoveryManager.getInstanceFor(admin).serverSupportsFeature("http://jabber.org/protocol/commands"));
            AdHocCommandManager mgr = AdHocCommandManager.getInstance(admin);
            assertTrue(mgr.discoverCommands(JidCreate.from(Xmpp.DOMAIN)).getItems().stream()
                    .anyMatch(i -> "http://jabber.org/protocol/admin#add-user".equals(i.getNode())));
            AdHocCommand cmd = mgr.getRemoteCommand(JidCreate.from(Xmpp.DOMAIN), "http://jabber.org/protocol/admin#add-user");
            FillableForm form = cmd.execute().asExecutingOrThrow().getFillableForm();
            form.setAnswer("accountjid", "gina@localhost");
            form.setAnswer("password", "gina-pw");
            form.setAnswer("password-verify", "gina-pw");
            AdHocCommandResult done = cmd.complete(form.getSubmitForm());
            assertTrue(done.isCompleted());
        } finally {
            admin.disconnect();
        }
        XMPPTCPConnection gina = Xmpp.login("gina", "gina-pw", "r");
        assertTrue(gina.isAuthenticated());
        gina.disconnect();

        // a non-admin may not run the command
        Xmpp.createUser("harry", "harry-pw");
        XMPPTCPConnection harry = Xmpp.login("harry", "harry-pw", "r");
        try {
            AdHocCommand cmd = AdHocCommandManager.getInstance(harry).getRemoteCommand(JidCreate.from(Xmpp.DOMAIN), "http://jabber.org/protocol/admin#add-user");
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class, cmd::execute);
            assertEquals("forbidden", e.getStanzaError().getCondition().toString());
        } finally {
            harry.disconnect();
        }
    }

    @Test
    void adminCreatesUserWithRest() throws Exception {
        HttpResponse<String> anonymous = Xmpp.rest("POST", "/api/users", "{\"username\":\"ivy\",\"password\":\"ivy-pw\"}", null, null);
        assertEquals(401, anonymous.statusCode());
        Xmpp.createUser("jack", "jack-pw");
        HttpResponse<String> notAdmin = Xmpp.rest("POST", "/api/users", "{\"username\":\"ivy\",\"password\":\"ivy-pw\"}", "jack", "jack-pw");
        assertEquals(401, notAdmin.statusCode());
        HttpResponse<String> created = Xmpp.admin("POST", "/api/users", "{\"username\":\"Ivy\",\"password\":\"ivy-pw\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("ivy@localhost"), created.body());
        assertEquals(409, Xmpp.admin("POST", "/api/users", "{\"username\":\"ivy\",\"password\":\"x\"}").statusCode());
        XMPPTCPConnection ivy = Xmpp.login("ivy", "ivy-pw", "r");
        assertTrue(ivy.isAuthenticated());
        ivy.disconnect();
        assertEquals(204, Xmpp.admin("DELETE", "/api/users/ivy", null).statusCode());
        assertEquals(404, Xmpp.admin("DELETE", "/api/users/ivy", null).statusCode());
        HttpResponse<String> openapi = Xmpp.rest("GET", "/openapi", null, null, null);
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/api/users"), openapi.body());
    }

    @Test
    void bulkProvisioning() throws Exception {
        StringBuilder sb = new StringBuilder("{\"users\":[");
        for (int i = 1; i <= 200; i++) sb.append(i > 1 ? "," : "").append("{\"username\":\"bulk").append(i).append("\",\"password\":\"pw\"}");
        HttpResponse<String> r = Xmpp.admin("POST", "/api/users/bulk", sb.append("]}").toString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"created\":200"), r.body());
        XMPPTCPConnection c = Xmpp.login("bulk137", "pw", "r");
        assertNotNull(c.getUser());
        c.disconnect();
    }

    @Test
    void healthAndMetrics() throws Exception {
        HttpResponse<String> ready = Xmpp.rest("GET", "/health/ready", null, null, null);
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"UP\"") && ready.body().contains("c2s-listening"), ready.body());
        Xmpp.createUser("metric", "metric-pw");
        XMPPTCPConnection c = Xmpp.login("metric", "metric-pw", "m");
        try {
            HttpResponse<String> metrics = Xmpp.rest("GET", "/metrics?scope=application", null, null, null);
            assertEquals(200, metrics.statusCode(), metrics.body());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^xmpp_sessions_online\\S*\\s+([0-9.]+)").matcher(metrics.body());
            assertTrue(m.find(), metrics.body());
            assertTrue(Double.parseDouble(m.group(1)) >= 1, "at least this session is online: " + metrics.body());
            assertTrue(metrics.body().contains("xmpp_auth_failures_total"), metrics.body());
        } finally {
            c.disconnect();
        }
    }
}
