package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin REST API's sessions, messages and broadcast endpoints and the offline-messages gauge, against the
 * deployed server with Smack clients.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminIT {
    private static final long WAIT = 15_000;

    @Deployment(testable = false)
    static WebArchive deployment() { return Xmpp.war(); }

    /** A logged-in client that never reconnects by itself, with everything it receives queued. */
    private static final class Client implements AutoCloseable {
        final XMPPTCPConnection c;
        final BlockingQueue<Stanza> in = new LinkedBlockingQueue<>();
        final CompletableFuture<Exception> closedOnError = new CompletableFuture<>();

        Client(String user, String resource) throws Exception {
            c = new XMPPTCPConnection(Xmpp.config(user, "pw").setResource(resource).build());
            c.setReplyTimeout(WAIT);
            ReconnectionManager.getInstanceFor(c).disableAutomaticReconnection();
            c.addSyncStanzaListener(in::add, s -> s instanceof Message || s instanceof Presence);
            c.addConnectionListener(new ConnectionListener() {
                @Override public void connectionClosedOnError(Exception e) { closedOnError.complete(e); }
            });
            c.connect().login();
        }

        Client available() throws Exception { Xmpp.becomeAvailable(c); return this; }

        /** Waits for a stanza that matches, skipping the others. */
        <T extends Stanza> T next(Class<T> type, Predicate<T> p, String what) throws InterruptedException {
            long deadline = System.currentTimeMillis() + WAIT;
            for (long left = WAIT; left > 0; left = deadline - System.currentTimeMillis()) {
                Stanza s = in.poll(left, TimeUnit.MILLISECONDS);
                if (type.isInstance(s) && p.test(type.cast(s))) return type.cast(s);
            }
            return fail(c.getUser() + " never got " + what);
        }

        Message message(String body) throws InterruptedException {
            return next(Message.class, m -> body.equals(m.getBody()), "the message '" + body + "'");
        }

        @Override public void close() { c.disconnect(); }
    }

    private static void user(String name) throws Exception { Xmpp.createUser(name, "pw"); }

    private static void subscribeBoth(String a, String b) throws Exception {
        assertEquals(200, Xmpp.admin("PUT", "/api/users/" + a + "/roster/" + b + "@localhost", "{\"subscription\":\"both\"}").statusCode());
        assertEquals(200, Xmpp.admin("PUT", "/api/users/" + b + "/roster/" + a + "@localhost", "{\"subscription\":\"both\"}").statusCode());
    }

    private static void assertStatus(int expected, HttpResponse<String> r) {
        assertEquals(expected, r.statusCode(), r.body());
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void sessionsAreListedAndAnAdministratorDisconnectEndsTheStreamAndTheContactsSeeIt() throws Exception {
        user("kick");
        user("watcher");
        subscribeBoth("kick", "watcher");
        try (Client watcher = new Client("watcher", "w").available(); Client kick = new Client("kick", "desk").available()) {
            watcher.next(Presence.class, p -> p.isAvailable() && "kick@localhost/desk".equals(p.getFrom().toString()), "kick's available presence");

            HttpResponse<String> all = Xmpp.admin("GET", "/api/sessions", null);
            assertStatus(200, all);
            assertTrue(all.body().contains("\"jid\":\"kick@localhost/desk\""), all.body());
            assertTrue(all.body().contains("\"jid\":\"watcher@localhost/w\""), all.body());
            assertTrue(all.body().contains("\"transport\":\"tcp\""), all.body());
            assertTrue(all.body().matches("(?s).*\"since\":\"20\\d\\d-.*"), "when the session started: " + all.body());
            HttpResponse<String> page = Xmpp.admin("GET", "/api/sessions?offset=0&limit=1", null);
            assertStatus(200, page);
            assertTrue(page.body().contains("\"limit\":1") && page.body().split("\"jid\"").length == 2, "one session per page: " + page.body());

            HttpResponse<String> mine = Xmpp.admin("GET", "/api/sessions/kick", null);
            assertStatus(200, mine);
            assertTrue(mine.body().contains("\"resource\":\"desk\"") && mine.body().contains("\"available\":true"), mine.body());
            assertStatus(404, Xmpp.admin("GET", "/api/sessions/nobody-here", null));
            assertStatus(404, Xmpp.admin("DELETE", "/api/sessions/kick/elsewhere", null));

            HttpResponse<String> kicked = Xmpp.admin("DELETE", "/api/sessions/kick/desk?reason=spam", null);
            assertStatus(200, kicked);
            assertTrue(kicked.body().contains("kick@localhost/desk"), kicked.body());
            // RFC 6120 §4.9.3.14: the stream error, with the administrator's text, then the stream closes
            Exception e = kick.closedOnError.get(WAIT, TimeUnit.MILLISECONDS);
            assertTrue(e instanceof XMPPException.StreamErrorException, String.valueOf(e));
            StreamError error = ((XMPPException.StreamErrorException) e).getStreamError();
            assertEquals(StreamError.Condition.policy_violation, error.getCondition());
            assertEquals("spam", error.getDescriptiveText());
            // the contact sees the session end like any other (RFC 6121 §4.5.2 on the server's behalf)
            watcher.next(Presence.class, p -> p.getType() == Presence.Type.unavailable && "kick@localhost/desk".equals(p.getFrom().toString()),
                    "kick's unavailable presence");
            HttpResponse<String> after = Xmpp.admin("GET", "/api/sessions/kick", null);
            assertTrue(after.body().contains("\"sessions\":[]"), after.body());
            assertStatus(404, Xmpp.admin("DELETE", "/api/sessions/kick", null));
        }
    }

    @Test
    void disconnectingAUserEndsAllItsSessions() throws Exception {
        user("twice");
        try (Client a = new Client("twice", "a"); Client b = new Client("twice", "b")) {
            HttpResponse<String> r = Xmpp.admin("DELETE", "/api/sessions/twice@localhost", null);
            assertStatus(200, r);
            assertTrue(r.body().contains("\"disconnected\":2"), r.body());
            for (Client c : new Client[] {a, b}) {
                Exception e = c.closedOnError.get(WAIT, TimeUnit.MILLISECONDS);
                assertEquals(StreamError.Condition.policy_violation, ((XMPPException.StreamErrorException) e).getStreamError().getCondition());
                assertEquals("disconnected by an administrator", ((XMPPException.StreamErrorException) e).getStreamError().getDescriptiveText());
            }
        }
    }

    // ------------------------------------------------------------------ messages

    @Test
    void aMessageReachesAnOnlineUserAndIsStoredForAnOfflineOne() throws Exception {
        user("msg-on");
        user("msg-off");
        try (Client on = new Client("msg-on", "r").available()) {
            HttpResponse<String> r = Xmpp.admin("POST", "/api/messages", "{\"to\":\"msg-on@localhost\",\"subject\":\"Notice\",\"body\":\"from the admin\"}");
            assertStatus(200, r);
            assertTrue(r.body().contains("\"outcome\":\"delivered\"") && r.body().contains("\"resources\":1"), r.body());
            Message m = on.message("from the admin");
            assertEquals("localhost", m.getFrom().toString(), "the server's domain by default");
            assertEquals(Message.Type.chat, m.getType(), "chat by default, as on the JMS inbound queue");
            assertEquals("Notice", m.getSubject());

            r = Xmpp.admin("POST", "/api/messages", "{\"from\":\"alerts@localhost\",\"to\":\"msg-on@localhost/r\",\"type\":\"headline\",\"body\":\"to the resource\"}");
            assertStatus(200, r);
            m = on.message("to the resource");
            assertEquals("alerts@localhost", m.getFrom().toString());
            assertEquals(Message.Type.headline, m.getType());
        }

        HttpResponse<String> stored = Xmpp.admin("POST", "/api/messages", "{\"to\":\"msg-off@localhost\",\"type\":\"normal\",\"body\":\"while you were away\"}");
        assertStatus(200, stored);
        assertTrue(stored.body().contains("\"outcome\":\"stored\""), stored.body());
        try (Client off = new Client("msg-off", "r")) {
            Xmpp.becomeAvailable(off.c);
            assertEquals(Message.Type.normal, off.message("while you were away").getType());
        }

        assertStatus(404, Xmpp.admin("POST", "/api/messages", "{\"to\":\"nobody-at-all@localhost\",\"body\":\"x\"}"));
        assertStatus(400, Xmpp.admin("POST", "/api/messages", "{\"body\":\"no recipient\"}"));
        assertStatus(400, Xmpp.admin("POST", "/api/messages", "{\"to\":\"msg-on@localhost\",\"type\":\"groupchat\",\"body\":\"x\"}"));
        assertStatus(400, Xmpp.admin("POST", "/api/messages", "{\"to\":\"msg-on@localhost\"}"));
        assertStatus(400, Xmpp.admin("POST", "/api/messages", "{\"to\":\"someone@elsewhere.example\",\"body\":\"x\"}"));
        // RFC 6121 §8.5.3.2.1: normal to a resource that is not connected is refused
        HttpResponse<String> noResource = Xmpp.admin("POST", "/api/messages", "{\"to\":\"msg-on@localhost/gone\",\"type\":\"normal\",\"body\":\"x\"}");
        assertStatus(503, noResource);
        assertTrue(noResource.body().contains("service-unavailable"), noResource.body());
    }

    @Test
    void aBroadcastReachesEveryOnlineUserAndCanBeStoredForEveryAccount() throws Exception {
        user("bc-a");
        user("bc-b");
        user("bc-off");
        try (Client a = new Client("bc-a", "r").available(); Client b = new Client("bc-b", "r").available()) {
            HttpResponse<String> r = Xmpp.admin("POST", "/api/broadcast", "{\"subject\":\"Maintenance\",\"body\":\"restart at ten\"}");
            assertStatus(200, r);
            assertTrue(r.body().contains("\"type\":\"headline\""), r.body());
            assertTrue(count(r.body(), "delivered") >= 2, r.body());
            for (Client c : new Client[] {a, b}) {
                Message m = c.message("restart at ten");
                assertEquals(Message.Type.headline, m.getType());
                assertEquals("localhost", m.getFrom().toString());
                assertEquals("Maintenance", m.getSubject());
            }

            r = Xmpp.admin("POST", "/api/broadcast", "{\"body\":\"to everyone\",\"onlineOnly\":false}");
            assertStatus(200, r);
            assertTrue(r.body().contains("\"type\":\"normal\""), r.body());
            assertTrue(count(r.body(), "stored") >= 1 && count(r.body(), "delivered") >= 2, r.body());
            a.message("to everyone");
            b.message("to everyone");
        }
        try (Client off = new Client("bc-off", "r")) {
            Xmpp.becomeAvailable(off.c);
            assertEquals(Message.Type.normal, off.message("to everyone").getType());
        }
        assertStatus(400, Xmpp.admin("POST", "/api/broadcast", "{\"subject\":\"no body\"}"));
    }

    // ------------------------------------------------------------------ access, OpenAPI, metrics

    @Test
    void theNewEndpointsNeedAnAdministratorAndAreInTheOpenApiDocument() throws Exception {
        user("not-admin");
        String[][] calls = {
                {"GET", "/api/sessions", null}, {"GET", "/api/sessions/not-admin", null}, {"DELETE", "/api/sessions/not-admin", null},
                {"DELETE", "/api/sessions/not-admin/r", null}, {"POST", "/api/messages", "{\"to\":\"not-admin@localhost\",\"body\":\"x\"}"},
                {"POST", "/api/broadcast", "{\"body\":\"x\"}"}};
        for (String[] c : calls) {
            assertStatus(401, Xmpp.rest(c[0], c[1], c[2], null, null));
            assertStatus(401, Xmpp.rest(c[0], c[1], c[2], "not-admin", "pw"));
            assertStatus(401, Xmpp.rest(c[0], c[1], c[2], Xmpp.ADMIN, "wrong"));
        }
        HttpResponse<String> openapi = Xmpp.rest("GET", "/openapi", null, null, null);
        assertStatus(200, openapi);
        for (String path : new String[] {"/api/sessions", "/api/sessions/{username}", "/api/sessions/{username}/{resource}", "/api/messages", "/api/broadcast"}) {
            assertTrue(openapi.body().contains(path + ":") || openapi.body().contains("'" + path + "':"), path + " in " + openapi.body());
        }
    }

    @Test
    void theOfflineGaugeRisesWhenAMessageIsStored() throws Exception {
        user("gauge");
        double before = metric("xmpp_offline_messages_stored");
        assertTrue(before >= 0, "the count was read: " + before);
        HttpResponse<String> r = Xmpp.admin("POST", "/api/messages", "{\"to\":\"gauge@localhost\",\"body\":\"counted\"}");
        assertTrue(r.body().contains("\"outcome\":\"stored\""), r.body());
        // the count is cached for a few seconds
        long deadline = System.currentTimeMillis() + WAIT;
        double now = before;
        while (now <= before && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            now = metric("xmpp_offline_messages_stored");
        }
        assertTrue(now > before, "stored offline messages went from " + before + " to " + now);
        String body = Xmpp.rest("GET", "/metrics?scope=application", null, null, null).body();
        for (String name : new String[] {"xmpp_sessions_online", "xmpp_stanzas_in_total", "xmpp_stanzas_out_total",
                "xmpp_stanzas_in_per_second", "xmpp_stanzas_out_per_second", "xmpp_auth_failures_total"}) {
            assertTrue(body.contains(name), name + " in " + body);
        }
    }

    private static double metric(String name) throws Exception {
        HttpResponse<String> r = Xmpp.rest("GET", "/metrics?scope=application", null, null, null);
        assertStatus(200, r);
        Matcher m = Pattern.compile("(?m)^" + name + "\\S*\\s+([0-9.eE+-]+)").matcher(r.body());
        assertTrue(m.find(), name + " in " + r.body());
        return Double.parseDouble(m.group(1));
    }

    private static int count(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Integer.parseInt(m.group(1));
    }
}
