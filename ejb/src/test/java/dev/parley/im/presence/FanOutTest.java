package dev.parley.im.presence;

import dev.parley.im.session.ClientState;
import dev.parley.im.support.FakeSession;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanOutTest {

    @Test
    void encodesAndDecodes() {
        FanOut f = new FanOut(Jid.of("romeo@example.com"), "<presence from='romeo@example.com/a'><status>a\nb</status></presence>",
                List.of(Jid.of("juliet@example.com"), Jid.of("romeo@example.com")), true);
        assertEquals(f, FanOut.decode(f.encode()));
        FanOut none = new FanOut(Jid.of("romeo@example.com"), "<presence/>", List.of(), false);
        assertEquals(none, FanOut.decode(none.encode()));
        assertThrows(IllegalArgumentException.class, () -> FanOut.decode("garbage"));
        assertThrows(IllegalArgumentException.class, () -> FanOut.decode("A\nromeo@example.com\njuliet@example.com"));
    }

    @Test
    void deliversToAvailableResourcesOfAllowedRecipientsAndSkipsClosedSessions() {
        FakeSession avail = new FakeSession("juliet@example.com/a");
        ClientState.of(avail).presence(new dev.parley.xmpp.xml.Element("presence", "jabber:client"));
        FakeSession notAvail = new FakeSession("juliet@example.com/b");
        FakeSession closed = new FakeSession("juliet@example.com/c");
        ClientState.of(closed).presence(new dev.parley.xmpp.xml.Element("presence", "jabber:client"));
        closed.close(null, null);
        FakeSession stranger = new FakeSession("tybalt@example.com/a");
        ClientState.of(stranger).presence(new dev.parley.xmpp.xml.Element("presence", "jabber:client"));
        Map<Jid, List<XmppSession>> sessions = Map.of(
                Jid.of("juliet@example.com"), List.of(avail, notAvail, closed),
                Jid.of("tybalt@example.com"), List.of(stranger));
        FanOut f = new FanOut(Jid.of("romeo@example.com"), "<presence from='romeo@example.com/x'/>",
                List.of(Jid.of("juliet@example.com"), Jid.of("tybalt@example.com"), Jid.of("nobody@example.com")), true);
        int n = f.deliver(j -> sessions.getOrDefault(j, List.of()), (r, s) -> !r.local().equals("tybalt"));
        assertEquals(1, n);
        assertEquals(1, avail.received().size());
        assertTrue(notAvail.received().isEmpty());
        assertTrue(stranger.received().isEmpty(), "refused by the roster check");
    }
}
