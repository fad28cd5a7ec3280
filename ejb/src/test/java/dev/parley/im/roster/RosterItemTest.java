package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RosterItemTest {

    private static final Jid ROMEO = Jid.of("romeo@example.net");

    private static String xml(RosterItem item) { return item.toElement().toXml(RosterItem.NS); }

    @Test
    void fullItem() {
        RosterItem item = new RosterItem(ROMEO, "Romeo", List.of("Friends", "Lovers"), SubscriptionState.BOTH, false);
        assertEquals("<item jid=\"romeo@example.net\" name=\"Romeo\" subscription=\"both\">"
                + "<group>Friends</group><group>Lovers</group></item>", xml(item));
    }

    @Test
    void askOnlyForPendingOut() {
        assertEquals("<item jid=\"romeo@example.net\" subscription=\"from\" ask=\"subscribe\"/>",
                xml(RosterItem.of(ROMEO).withSubscription(SubscriptionState.FROM_PENDING_OUT, false)));
        assertEquals("<item jid=\"romeo@example.net\" subscription=\"none\" ask=\"subscribe\"/>",
                xml(RosterItem.of(ROMEO).withSubscription(SubscriptionState.NONE_PENDING_OUT_IN, false)));
        assertEquals("<item jid=\"romeo@example.net\" subscription=\"to\"/>",
                xml(RosterItem.of(ROMEO).withSubscription(SubscriptionState.TO_PENDING_IN, false)));
    }

    @Test
    void approvedOnlyWhenPreApproved() {
        assertEquals("<item jid=\"romeo@example.net\" subscription=\"to\" approved=\"true\"/>",
                xml(RosterItem.of(ROMEO).withSubscription(SubscriptionState.TO, true)));
        // no pre-approval can exist once the contact is subscribed: the flag is dropped
        RosterItem from = RosterItem.of(ROMEO).withSubscription(SubscriptionState.FROM, true);
        assertFalse(from.approved());
        assertEquals("<item jid=\"romeo@example.net\" subscription=\"from\"/>", xml(from));
    }

    @Test
    void removalPush() {
        assertEquals("<item jid=\"romeo@example.net\" subscription=\"remove\"/>",
                RosterItem.removalElement(ROMEO).toXml(RosterItem.NS));
    }

    @Test
    void escapingAndNamespace() {
        RosterItem item = RosterItem.of(ROMEO).withName("R & \"J\"").withGroups(List.of("<3"));
        assertEquals("<item xmlns=\"jabber:iq:roster\" jid=\"romeo@example.net\" name=\"R &amp; &quot;J&quot;\" "
                + "subscription=\"none\"><group>&lt;3</group></item>", item.toElement().toXml("jabber:client"));
    }

    @Test
    void hiddenItemsNeverReachAClient() {
        RosterItem hidden = RosterItem.pendingInOnly(ROMEO);
        assertTrue(hidden.hidden());
        assertEquals(SubscriptionState.NONE_PENDING_IN, hidden.state());
        assertThrows(IllegalStateException.class, hidden::toElement);
        assertThrows(IllegalArgumentException.class,
                () -> hidden.withSubscription(SubscriptionState.FROM, false));
        assertEquals(SubscriptionState.FROM, hidden.withHidden(false).withSubscription(SubscriptionState.FROM, false).state());
    }

    @Test
    void groupsKeepOrderAndEqualityDependsOnIt() {
        RosterItem ab = RosterItem.of(ROMEO).withGroups(List.of("a", "b", "a"));
        assertEquals(List.of("a", "b"), List.copyOf(ab.groups()));
        RosterItem ba = RosterItem.of(ROMEO).withGroups(List.of("b", "a"));
        assertNotEquals(ab, ba);
        assertEquals(ab, RosterItem.of(ROMEO).withGroups(Set.of("a")).withGroups(List.of("a", "b")));
        assertThrows(UnsupportedOperationException.class, () -> ab.groups().add("c"));
    }
}
