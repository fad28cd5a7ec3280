package dev.parley.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.im.session.ClientState;
import dev.parley.web.rest.SessionsResource.SessionView;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsResourceTest {

    /** A session as the connector shows it; closing only marks it closed. */
    static final class Stub implements XmppSession {
        final Jid jid;
        final Instant boundAt;
        boolean open = true;
        String closedWith;
        Object attachment;

        Stub(String jid, Instant boundAt) { this.jid = jid == null ? null : Jid.of(jid); this.boundAt = boundAt; }

        @Override public String id() { return "id"; }
        @Override public Jid jid() { return jid; }
        @Override public String remoteAddress() { return "192.0.2.1:40000"; }
        @Override public boolean secure() { return true; }
        @Override public String transport() { return "tcp"; }
        @Override public String lang() { return "en"; }
        @Override public Instant boundAt() { return boundAt; }
        @Override public void send(Element stanza) { }
        @Override public void sendRaw(String xml) { }
        @Override public void close(String condition, String text) { open = false; closedWith = condition; }
        @Override public boolean isOpen() { return open; }
        @Override public Object attachment() { return attachment; }
        @Override public void attachment(Object state) { attachment = state; }
    }

    @Test
    void onlyOpenBoundSessionsInJidOrder() {
        Stub closed = new Stub("carol@example.com/x", null);
        closed.open = false;
        List<XmppSession> out = SessionsResource.bound(List.of(new Stub("bob@example.com/phone", null), closed,
                new Stub(null, null), new Stub("alice@example.com/desk", null), new Stub("bob@example.com/desk", null)));
        assertEquals(List.of("alice@example.com/desk", "bob@example.com/desk", "bob@example.com/phone"),
                out.stream().map(s -> s.jid().toString()).toList());
    }

    @Test
    void aViewShowsTheConnectionAndThePresence() throws Exception {
        Stub s = new Stub("alice@example.com/desk", Instant.parse("2026-01-02T03:04:05Z"));
        SessionView before = SessionsResource.view(s);
        assertEquals("alice@example.com/desk", before.jid());
        assertEquals("alice", before.username());
        assertEquals("desk", before.resource());
        assertEquals("192.0.2.1:40000", before.address());
        assertEquals("tcp", before.transport());
        assertTrue(before.secure());
        assertEquals("2026-01-02T03:04:05Z", before.since());
        assertFalse(before.available(), "no initial presence yet");
        assertNull(before.show());

        ClientState.of(s).presence(dev.parley.xmpp.xml.XmlParser.parse(
                "<presence xmlns='jabber:client'><show>away</show><status>lunch</status><priority>5</priority></presence>"));
        SessionView after = SessionsResource.view(s);
        assertTrue(after.available());
        assertEquals(5, after.priority());
        assertEquals("away", after.show());
        assertEquals("lunch", after.status());
        assertNull(SessionsResource.view(new Stub("bob@example.com/r", null)).since(), "unknown when the connector does not say");
    }

    @Test
    void anAdministratorsDisconnectIsAPolicyViolation() {
        // RFC 6120 §4.9.3.14; not reset (§4.9.3.16), which asks the client to reconnect at once
        assertEquals("policy-violation", SessionsResource.DISCONNECT_CONDITION);
    }
}
