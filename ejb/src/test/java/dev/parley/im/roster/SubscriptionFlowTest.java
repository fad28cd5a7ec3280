package dev.parley.im.roster;

import dev.parley.im.roster.SubscriptionTable.ItemUpdate;
import dev.parley.xmpp.jid.Jid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.parley.im.roster.PresenceType.SUBSCRIBE;
import static dev.parley.im.roster.PresenceType.SUBSCRIBED;
import static dev.parley.im.roster.PresenceType.UNSUBSCRIBE;
import static dev.parley.im.roster.PresenceType.UNSUBSCRIBED;
import static dev.parley.im.roster.SubscriptionAction.AUTO_REPLY_SUBSCRIBED;
import static dev.parley.im.roster.SubscriptionAction.CANCEL_PRE_APPROVAL;
import static dev.parley.im.roster.SubscriptionAction.CONSUME_PRE_APPROVAL;
import static dev.parley.im.roster.SubscriptionAction.DELIVER_TO_INTERESTED;
import static dev.parley.im.roster.SubscriptionAction.DELIVER_TO_USER;
import static dev.parley.im.roster.SubscriptionAction.IGNORE;
import static dev.parley.im.roster.SubscriptionAction.RECORD_PRE_APPROVAL;
import static dev.parley.im.roster.SubscriptionAction.ROSTER_PUSH;
import static dev.parley.im.roster.SubscriptionAction.ROUTE;
import static dev.parley.im.roster.SubscriptionAction.SEND_AVAILABLE_PRESENCE;
import static dev.parley.im.roster.SubscriptionAction.SEND_UNAVAILABLE_PRESENCE;
import static dev.parley.im.roster.SubscriptionState.BOTH;
import static dev.parley.im.roster.SubscriptionState.FROM;
import static dev.parley.im.roster.SubscriptionState.FROM_PENDING_OUT;
import static dev.parley.im.roster.SubscriptionState.NONE;
import static dev.parley.im.roster.SubscriptionState.NONE_PENDING_IN;
import static dev.parley.im.roster.SubscriptionState.NONE_PENDING_OUT;
import static dev.parley.im.roster.SubscriptionState.NONE_PENDING_OUT_IN;
import static dev.parley.im.roster.SubscriptionState.TO;
import static dev.parley.im.roster.SubscriptionState.TO_PENDING_IN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end exchanges between two servers, each keeping its user's item for the other party: an outbound
 * stanza is applied on the sender's side and, when routed, as inbound on the receiver's side; an automatic
 * 'subscribed' reply travels back the same way.
 */
class SubscriptionFlowTest {

    /** One account and its server's stored item for the other party (null: not in the roster, nothing kept). */
    private static final class Party {
        final Jid jid;
        RosterItem item;
        final List<ItemUpdate> log = new ArrayList<>();

        Party(String jid) { this.jid = Jid.of(jid); }

        ItemUpdate last() { return log.get(log.size() - 1); }
        SubscriptionState state() { return item == null ? NONE : item.state(); }
    }

    private Party romeo;
    private Party juliet;

    @BeforeEach
    void setUp() {
        romeo = new Party("romeo@example.net");
        juliet = new Party("juliet@example.com");
    }

    /** {@code from}'s client sends a presence of that type to {@code to}. Returns the sender's side. */
    private ItemUpdate send(Party from, Party to, PresenceType type) {
        ItemUpdate out = SubscriptionTable.applyOutbound(from.item, to.jid, type);
        from.item = out.after();
        from.log.add(out);
        if (out.transition().has(ROUTE)) receive(to, from, type);
        return out;
    }

    private void receive(Party at, Party sender, PresenceType type) {
        ItemUpdate in = SubscriptionTable.applyInbound(at.item, sender.jid, type);
        at.item = in.after();
        at.log.add(in);
        // the auto-reply leaves the receiving server as 'subscribed' and reaches the sender's server as inbound
        if (in.transition().has(AUTO_REPLY_SUBSCRIBED)) receive(sender, at, SUBSCRIBED);
    }

    private static void assertVisible(Party p, SubscriptionState state, boolean approved) {
        assertEquals(state, p.state(), p.jid + " state");
        assertFalse(p.item.hidden(), p.jid + " item must be in the roster");
        assertEquals(approved, p.item.approved(), p.jid + " approved");
    }

    @Test
    void romeoAndJulietRfc6121Section3_1() {
        // §3.1.1-3.1.3: Romeo asks; his roster shows ask='subscribe'; Juliet's server delivers the request but
        // creates no roster item for Romeo.
        ItemUpdate r = send(romeo, juliet, SUBSCRIBE);
        assertTrue(r.transition().has(ROSTER_PUSH));
        assertVisible(romeo, NONE_PENDING_OUT, false);
        assertEquals("<item xmlns=\"jabber:iq:roster\" jid=\"juliet@example.com\" subscription=\"none\" ask=\"subscribe\"/>",
                romeo.item.toElement().toXml("jabber:client"));
        ItemUpdate j = juliet.last();
        assertTrue(j.transition().has(DELIVER_TO_USER));
        assertFalse(j.transition().has(ROSTER_PUSH));
        assertEquals(NONE_PENDING_IN, juliet.state());
        assertTrue(juliet.item.hidden(), "no roster item for an inbound request (§3.1.3)");

        // §3.1.4-3.1.6: Juliet approves; her roster gains Romeo with 'from'; she sends her presence; Romeo's
        // server delivers the approval and pushes 'to'.
        j = send(juliet, romeo, SUBSCRIBED);
        assertEquals(List.of(ROUTE, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE), List.copyOf(j.transition().actions()));
        assertVisible(juliet, FROM, false);
        r = romeo.last();
        assertEquals(List.of(DELIVER_TO_INTERESTED, ROSTER_PUSH), List.copyOf(r.transition().actions()));
        assertVisible(romeo, TO, false);

        // §3.1 continued: Juliet subscribes back.
        send(juliet, romeo, SUBSCRIBE);
        assertVisible(juliet, FROM_PENDING_OUT, false);
        assertTrue(romeo.last().transition().has(DELIVER_TO_USER));
        assertVisible(romeo, TO_PENDING_IN, false);

        // Romeo approves: both ways.
        send(romeo, juliet, SUBSCRIBED);
        assertVisible(romeo, BOTH, false);
        assertVisible(juliet, BOTH, false);
        assertTrue(juliet.last().transition().has(ROSTER_PUSH));
    }

    @Test
    void mutualRequestsCrossingEachOther() {
        send(romeo, juliet, SUBSCRIBE);
        send(juliet, romeo, SUBSCRIBE);         // Juliet asks before answering: her hidden record becomes an item
        assertVisible(juliet, NONE_PENDING_OUT_IN, false);
        assertTrue(juliet.log.get(1).transition().has(ROSTER_PUSH));
        assertVisible(romeo, NONE_PENDING_OUT_IN, false);
        assertTrue(romeo.last().transition().has(DELIVER_TO_USER));

        send(romeo, juliet, SUBSCRIBED);
        assertVisible(romeo, FROM_PENDING_OUT, false);
        assertVisible(juliet, TO_PENDING_IN, false);

        send(juliet, romeo, SUBSCRIBED);
        assertVisible(romeo, BOTH, false);
        assertVisible(juliet, BOTH, false);
    }

    private void becomeBoth() {
        send(romeo, juliet, SUBSCRIBE);
        send(juliet, romeo, SUBSCRIBED);
        send(juliet, romeo, SUBSCRIBE);
        send(romeo, juliet, SUBSCRIBED);
        assertEquals(BOTH, romeo.state());
        assertEquals(BOTH, juliet.state());
    }

    @Test
    void unsubscribingFromBoth() {
        becomeBoth();
        // §3.3: Romeo no longer wants Juliet's presence.
        ItemUpdate r = send(romeo, juliet, UNSUBSCRIBE);
        assertEquals(List.of(ROUTE, ROSTER_PUSH), List.copyOf(r.transition().actions()));
        assertVisible(romeo, FROM, false);
        ItemUpdate j = juliet.last();
        assertEquals(List.of(SEND_UNAVAILABLE_PRESENCE, DELIVER_TO_INTERESTED, ROSTER_PUSH), List.copyOf(j.transition().actions()));
        assertVisible(juliet, TO, false);

        // and Juliet does the same: nobody sees anybody, the items stay in both rosters.
        send(juliet, romeo, UNSUBSCRIBE);
        assertVisible(juliet, NONE, false);
        assertVisible(romeo, NONE, false);
        assertTrue(romeo.last().transition().has(SEND_UNAVAILABLE_PRESENCE));
    }

    @Test
    void cancellingASubscription() {
        becomeBoth();
        // §3.2: Juliet takes away Romeo's subscription to her presence; unavailable goes out first.
        ItemUpdate j = send(juliet, romeo, UNSUBSCRIBED);
        assertEquals(List.of(SEND_UNAVAILABLE_PRESENCE, ROUTE, ROSTER_PUSH), List.copyOf(j.transition().actions()));
        assertVisible(juliet, TO, false);
        assertEquals(List.of(DELIVER_TO_INTERESTED, ROSTER_PUSH), List.copyOf(romeo.last().transition().actions()));
        assertVisible(romeo, FROM, false);

        // cancelling again changes nothing and is not routed (§3.2.2 rule 1)
        int romeoSeen = romeo.log.size();
        assertEquals(List.of(IGNORE), List.copyOf(send(juliet, romeo, UNSUBSCRIBED).transition().actions()));
        assertEquals(romeoSeen, romeo.log.size());
    }

    @Test
    void denyingARequestLeavesNoTraceInTheContactsRoster() {
        send(romeo, juliet, SUBSCRIBE);
        ItemUpdate j = send(juliet, romeo, UNSUBSCRIBED);
        assertEquals(List.of(ROUTE), List.copyOf(j.transition().actions()));
        assertNull(juliet.item, "the hidden record of the request is dropped");
        assertTrue(j.storeChanged());
        assertVisible(romeo, NONE, false);
        assertTrue(romeo.last().transition().has(ROSTER_PUSH), "ask='subscribe' removed");
    }

    @Test
    void withdrawingARequest() {
        send(romeo, juliet, SUBSCRIBE);
        send(romeo, juliet, UNSUBSCRIBE);
        assertVisible(romeo, NONE, false);
        ItemUpdate j = juliet.last();
        assertEquals(List.of(DELIVER_TO_INTERESTED), List.copyOf(j.transition().actions()));
        assertNull(juliet.item, "§3.3.3: the record of the request is simply removed");
    }

    @Test
    void aRepeatedRequestIsNotDeliveredTwice() {
        send(romeo, juliet, SUBSCRIBE);
        send(romeo, juliet, SUBSCRIBE);
        assertEquals(List.of(ROUTE), List.copyOf(romeo.last().transition().actions()));
        assertEquals(List.of(IGNORE), List.copyOf(juliet.last().transition().actions()));
        assertTrue(juliet.item.hidden());
    }

    @Test
    void preApprovalFlow() {
        // §3.4: Juliet pre-approves Romeo, who is not yet in her roster: an item is created, nothing is routed.
        ItemUpdate j = send(juliet, romeo, SUBSCRIBED);
        assertEquals(List.of(RECORD_PRE_APPROVAL, ROSTER_PUSH), List.copyOf(j.transition().actions()));
        assertVisible(juliet, NONE, true);
        assertEquals("<item jid=\"romeo@example.net\" subscription=\"none\" approved=\"true\"/>",
                juliet.item.toElement().toXml(RosterItem.NS));
        assertTrue(romeo.log.isEmpty(), "a pre-approval is not routed");

        // Romeo asks: Juliet's server approves on her behalf without delivering the request to her.
        send(romeo, juliet, SUBSCRIBE);
        j = juliet.last();
        assertEquals(List.of(CONSUME_PRE_APPROVAL, AUTO_REPLY_SUBSCRIBED, ROSTER_PUSH, SEND_AVAILABLE_PRESENCE),
                List.copyOf(j.transition().actions()));
        assertFalse(j.transition().has(DELIVER_TO_USER));
        assertVisible(juliet, FROM, false);
        assertVisible(romeo, TO, false);
    }

    @Test
    void preApprovalWhileAskingTheContact() {
        send(juliet, romeo, SUBSCRIBE);            // Juliet asks Romeo...
        send(juliet, romeo, SUBSCRIBED);           // ...and pre-approves him in the same breath
        assertVisible(juliet, NONE_PENDING_OUT, true);
        send(romeo, juliet, SUBSCRIBED);           // Romeo approves Juliet: her pre-approval stays (she is now "To")
        assertVisible(juliet, TO, true);
        send(romeo, juliet, SUBSCRIBE);            // Romeo asks: auto-approved, both ways
        assertVisible(juliet, BOTH, false);
        assertVisible(romeo, BOTH, false);
        assertTrue(juliet.log.stream().noneMatch(u -> u.transition().has(DELIVER_TO_USER)));
    }

    @Test
    void cancellingAPreApproval() {
        send(juliet, romeo, SUBSCRIBED);
        ItemUpdate j = send(juliet, romeo, UNSUBSCRIBED);
        assertEquals(List.of(CANCEL_PRE_APPROVAL, ROSTER_PUSH), List.copyOf(j.transition().actions()));
        assertVisible(juliet, NONE, false);
        assertTrue(romeo.log.isEmpty(), "§3.2.2 rule 2: not routed");

        // Romeo's request now goes to Juliet as usual.
        send(romeo, juliet, SUBSCRIBE);
        assertTrue(juliet.last().transition().has(DELIVER_TO_USER));
        assertVisible(juliet, NONE_PENDING_IN, false); // she had an item for him, so it stays in the roster
    }

    @Test
    void serverThatLostStateIsAnsweredAutomatically() {
        becomeBoth();
        romeo.item = null;                          // Romeo's server forgot the subscription
        send(romeo, juliet, SUBSCRIBE);
        ItemUpdate j = juliet.log.get(juliet.log.size() - 1);
        assertEquals(List.of(AUTO_REPLY_SUBSCRIBED, SEND_AVAILABLE_PRESENCE), List.copyOf(j.transition().actions()));
        assertVisible(juliet, BOTH, false);
        assertVisible(romeo, TO, false);            // Romeo is subscribed again without Juliet being asked
    }

    @Test
    void strayStanzasFromStrangersLeaveNothingBehind() {
        for (PresenceType t : List.of(SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED)) {
            ItemUpdate u = SubscriptionTable.applyInbound(null, romeo.jid, t);
            assertNull(u.after(), t.value());
            assertEquals(List.of(IGNORE), List.copyOf(u.transition().actions()));
            assertFalse(u.storeChanged());
        }
        for (PresenceType t : List.of(UNSUBSCRIBE, UNSUBSCRIBED)) {
            assertNull(SubscriptionTable.applyOutbound(null, romeo.jid, t).after(), t.value());
        }
    }

    @Test
    void aRosterItemAddedByTheUserKeepsThePendingRequest() {
        send(romeo, juliet, SUBSCRIBE);
        assertTrue(juliet.item.hidden());
        // Juliet adds Romeo to her roster before answering (§2.3, A.1 "None + Pending In")
        RosterSet.Update set = new RosterSet.Update(romeo.jid, "Romeo", java.util.Set.of("Friends"));
        juliet.item = set.applyTo(juliet.item);
        assertVisible(juliet, NONE_PENDING_IN, false);
        // denying now keeps the item, in state None
        send(juliet, romeo, UNSUBSCRIBED);
        assertVisible(juliet, NONE, false);
        assertEquals("Romeo", juliet.item.name());
    }
}
