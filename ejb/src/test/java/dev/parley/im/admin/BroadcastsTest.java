package dev.parley.im.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.parley.im.message.MessageService.Outcome;
import dev.parley.im.message.MessageService.ServiceResult;
import dev.parley.im.support.FakeSession;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import java.util.List;
import org.junit.jupiter.api.Test;

class BroadcastsTest {

    @Test
    void onlineAccountsAreEachAccountWithAnOpenSessionOnceInOrder() {
        FakeSession closed = new FakeSession("carol@example.com/x");
        closed.close("policy-violation", null);
        List<Jid> online = Broadcasts.onlineAccounts(List.of(new FakeSession("bob@example.com/phone"),
                new FakeSession("alice@example.com/desk"), new FakeSession("bob@example.com/desk"), closed));
        assertEquals(List.of(Jid.of("alice@example.com"), Jid.of("bob@example.com")), online);
    }

    @Test
    void onlineOnlyIsAHeadlineEveryAccountANormalMessage() {
        // headline is never stored offline (RFC 6121 §8.5.2.2.1); normal is (XEP-0160)
        assertEquals("headline", Broadcasts.type(true));
        assertEquals("normal", Broadcasts.type(false));
    }

    @Test
    void theMessageComesFromTheDomainToTheBareJid() {
        Element m = Broadcasts.message("example.com", Jid.of("alice@example.com/desk"), "headline", "Maintenance", "Back at 10");
        assertEquals("message", m.name());
        assertEquals(Ns.CLIENT, m.namespace());
        assertEquals("example.com", m.attr("from"));
        assertEquals("alice@example.com", m.attr("to"));
        assertEquals("headline", m.attr("type"));
        assertEquals("Maintenance", m.childText("subject", Ns.CLIENT));
        assertEquals("Back at 10", m.childText("body", Ns.CLIENT));
        assertNull(Broadcasts.message("example.com", Jid.of("alice@example.com"), "normal", "", "x").element("subject", Ns.CLIENT));
    }

    @Test
    void theTallyCountsEachOutcome() {
        Broadcasts.Tally t = new Broadcasts.Tally("normal");
        t.add(new ServiceResult(Outcome.DELIVERED, 2, null, null));
        t.add(new ServiceResult(Outcome.DELIVERED, 1, null, null));
        t.add(new ServiceResult(Outcome.STORED, 0, null, null));
        t.add(new ServiceResult(Outcome.DROPPED, 0, null, "no resource"));
        t.add(new ServiceResult(Outcome.REFUSED, 0, "service-unavailable", "the offline store is full"));
        RuntimeException first = new RuntimeException("database down");
        t.failed(first);
        t.failed(new RuntimeException("again"));
        assertEquals(new Broadcasts.Result("normal", 7, 2, 3, 1, 1, 1, 2), t.result());
        assertSame(first, t.firstFailure());
    }
}
