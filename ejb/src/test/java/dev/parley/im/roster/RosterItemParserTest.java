package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.parley.im.roster.RosterError.Condition.BAD_REQUEST;
import static dev.parley.im.roster.RosterError.Condition.JID_MALFORMED;
import static dev.parley.im.roster.RosterError.Condition.NOT_ACCEPTABLE;
import static dev.parley.im.roster.RosterError.Condition.NOT_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class RosterItemParserTest {

    private static final Jid JULIET = Jid.of("juliet@example.com/balcony");
    private final RosterItemParser parser = new RosterItemParser();

    private static Element query() { return new Element("query", RosterItem.NS); }

    private static Element item(Element query, String jid) {
        Element item = query.addChild("item", RosterItem.NS);
        if (jid != null) item.attr("jid", jid);
        return item;
    }

    private RosterError.Condition rejected(RosterSet result) {
        return assertInstanceOf(RosterSet.Rejected.class, result).error().condition();
    }

    @Test
    void update() {
        Element q = query();
        Element item = item(q, "nurse@example.com").attr("name", "Nurse");
        item.addChild("group", RosterItem.NS).text("Servants");
        item.addChild("group", RosterItem.NS).text("Capulets");
        RosterSet.Update u = assertInstanceOf(RosterSet.Update.class, parser.parse(q, JULIET));
        assertEquals(Jid.of("nurse@example.com"), u.jid());
        assertEquals("Nurse", u.name());
        assertEquals(List.of("Servants", "Capulets"), List.copyOf(u.groups()));
    }

    @Test
    void serverOwnedAttributesAreIgnored() {
        Element q = query();
        item(q, "nurse@example.com").attr("subscription", "both").attr("ask", "subscribe").attr("approved", "true");
        RosterSet.Update u = assertInstanceOf(RosterSet.Update.class, parser.parse(q, JULIET));
        RosterItem created = u.applyTo(null);
        assertEquals(SubscriptionState.NONE, created.state());
        assertEquals(false, created.approved());

        RosterItem existing = RosterItem.of(u.jid()).withSubscription(SubscriptionState.TO, true).withName("old");
        RosterItem updated = u.applyTo(existing);
        assertEquals(SubscriptionState.TO, updated.state());
        assertEquals(true, updated.approved());
        assertNull(updated.name(), "name replaced (absent = none)");
    }

    @Test
    void remove() {
        Element q = query();
        item(q, "nurse@example.com").attr("subscription", "remove");
        assertEquals(new RosterSet.Remove(Jid.of("nurse@example.com")), parser.parse(q, JULIET));
    }

    @Test
    void exactlyOneItem() {
        assertEquals(BAD_REQUEST, rejected(parser.parse(query(), JULIET)));
        Element q = query();
        item(q, "a@example.com");
        item(q, "b@example.com");
        assertEquals(BAD_REQUEST, rejected(parser.parse(q, JULIET)));
        assertEquals(BAD_REQUEST, rejected(parser.parse(new Element("query", "jabber:iq:private"), JULIET)));
    }

    @Test
    void jidRequiredAndValid() {
        Element q = query();
        item(q, null);
        assertEquals(BAD_REQUEST, rejected(parser.parse(q, JULIET)));
        q = query();
        item(q, "");
        assertEquals(BAD_REQUEST, rejected(parser.parse(q, JULIET)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@", "@example.com", "a@b@c", "example.com/", "a b@example.com", "exa mple.com",
            "a:b@example.com", "x<y@example.com"})
    void malformedJid(String jid) {
        Element q = query();
        item(q, jid);
        assertEquals(JID_MALFORMED, rejected(parser.parse(q, JULIET)));
    }

    @Test
    void domainAndFullJidsAreValid() {
        for (String jid : List.of("icq.example.com", "user@example.com/res@with/slash")) {
            Element q = query();
            item(q, jid);
            assertInstanceOf(RosterSet.Update.class, parser.parse(q, JULIET), jid);
        }
    }

    @Test
    void duplicateGroupIsBadRequest() {
        Element q = query();
        Element item = item(q, "nurse@example.com");
        item.addChild("group", RosterItem.NS).text("Friends");
        item.addChild("group", RosterItem.NS).text("Friends");
        assertEquals(BAD_REQUEST, rejected(parser.parse(q, JULIET)));
    }

    @Test
    void emptyGroupIsNotAcceptable() {
        Element q = query();
        item(q, "nurse@example.com").addChild("group", RosterItem.NS);
        assertEquals(NOT_ACCEPTABLE, rejected(parser.parse(q, JULIET)));
    }

    @Test
    void lengthLimits() {
        String max = "x".repeat(1023);
        Element q = query();
        item(q, "nurse@example.com").attr("name", max).addChild("group", RosterItem.NS).text(max);
        assertInstanceOf(RosterSet.Update.class, parser.parse(q, JULIET));

        q = query();
        item(q, "nurse@example.com").attr("name", max + "x");
        assertEquals(NOT_ACCEPTABLE, rejected(parser.parse(q, JULIET)));

        q = query();
        item(q, "nurse@example.com").addChild("group", RosterItem.NS).text(max + "x");
        assertEquals(NOT_ACCEPTABLE, rejected(parser.parse(q, JULIET)));

        // counted in characters, not UTF-16 units: 1023 emoji fit
        String emoji = "\uD83D\uDE00".repeat(1023);
        q = query();
        item(q, "nurse@example.com").attr("name", emoji);
        assertInstanceOf(RosterSet.Update.class, parser.parse(q, JULIET));

        RosterItemParser tight = new RosterItemParser(4, 3, true);
        q = query();
        item(q, "nurse@example.com").attr("name", "Nurse");
        assertEquals(NOT_ACCEPTABLE, rejected(tight.parse(q, JULIET)));
        q = query();
        item(q, "nurse@example.com").attr("name", "Nurs").addChild("group", RosterItem.NS).text("abcd");
        assertEquals(NOT_ACCEPTABLE, rejected(tight.parse(q, JULIET)));
    }

    @Test
    void emptyNameMeansNoName() {
        Element q = query();
        item(q, "nurse@example.com").attr("name", "");
        assertNull(assertInstanceOf(RosterSet.Update.class, parser.parse(q, JULIET)).name());
    }

    @Test
    void ownJidAllowedUnlessConfiguredOtherwise() {
        Element q = query();
        item(q, "juliet@example.com");
        assertInstanceOf(RosterSet.Update.class, parser.parse(q, JULIET));
        assertEquals(NOT_ALLOWED, rejected(new RosterItemParser(1023, 1023, false).parse(q, JULIET)));
    }

    @Test
    void errorElement() {
        RosterError e = new RosterError(NOT_ACCEPTABLE, "empty group");
        assertEquals("<error type=\"modify\"><not-acceptable xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\"/>"
                + "<text xmlns=\"urn:ietf:params:xml:ns:xmpp-stanzas\">empty group</text></error>",
                e.toElement("jabber:client").toXml("jabber:client"));
    }
}
