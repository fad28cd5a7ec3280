package dev.parley.im.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** XEP-0191 §4 JID matching, list updates, and the errors of §5.3. */
class BlockListTest {

    private static BlockList list(String... jids) {
        return new BlockList(Arrays.stream(jids).map(Jid::of).toList());
    }

    private static boolean blocks(BlockList l, String jid) { return l.matches(Jid.of(jid)); }

    @Test
    void fullJidItemMatchesOnlyThatResource() {
        BlockList l = list("romeo@montague.net/orchard");
        assertTrue(blocks(l, "romeo@montague.net/orchard"));
        assertFalse(blocks(l, "romeo@montague.net/garden"));
        assertFalse(blocks(l, "romeo@montague.net"));
        assertFalse(blocks(l, "montague.net"));
    }

    @Test
    void bareJidItemMatchesEveryResource() {
        BlockList l = list("romeo@montague.net");
        assertTrue(blocks(l, "romeo@montague.net"));
        assertTrue(blocks(l, "romeo@montague.net/orchard"));
        assertTrue(blocks(l, "Romeo@Montague.NET/x"), "JIDs are compared normalised");
        assertFalse(blocks(l, "benvolio@montague.net"));
        assertFalse(blocks(l, "montague.net"));
        assertFalse(blocks(l, "romeo@montague.net.example"));
    }

    @Test
    void domainResourceItemMatchesOnlyThatResource() {
        BlockList l = list("montague.net/bot");
        assertTrue(blocks(l, "montague.net/bot"));
        assertFalse(blocks(l, "montague.net"));
        assertFalse(blocks(l, "montague.net/other"));
        assertFalse(blocks(l, "bot@montague.net"));
        assertFalse(blocks(l, "romeo@montague.net/bot"));
    }

    @Test
    void domainItemMatchesTheDomainItsUsersResourcesAndSubdomains() {
        BlockList l = list("montague.net");
        assertTrue(blocks(l, "montague.net"));
        assertTrue(blocks(l, "montague.net/bot"));
        assertTrue(blocks(l, "romeo@montague.net"));
        assertTrue(blocks(l, "romeo@montague.net/orchard"));
        assertTrue(blocks(l, "chat.montague.net"));
        assertTrue(blocks(l, "room@muc.chat.montague.net/nick"));
        assertFalse(blocks(l, "capulet.net"));
        assertFalse(blocks(l, "evilmontague.net"), "a label boundary is required");
        assertFalse(blocks(l, "montague.net.evil"));
        assertFalse(blocks(l, "net"));
    }

    @Test
    void emptyListBlocksNothing() {
        assertFalse(BlockList.EMPTY.matches(Jid.of("a@b/c")));
        assertTrue(BlockList.EMPTY.isEmpty());
    }

    @Test
    void updatesKeepOrderAndIgnoreDuplicates() {
        BlockList l = list("a@x", "b@x");
        assertEquals(List.of(Jid.of("c@x")), l.missing(List.of(Jid.of("a@x"), Jid.of("c@x"), Jid.of("c@x"))));
        BlockList more = l.with(List.of(Jid.of("c@x"), Jid.of("a@x")));
        assertEquals(List.of(Jid.of("a@x"), Jid.of("b@x"), Jid.of("c@x")), more.items());
        BlockList less = more.without(List.of(Jid.of("b@x"), Jid.of("z@x")));
        assertEquals(List.of(Jid.of("a@x"), Jid.of("c@x")), less.items());
        assertFalse(less.matches(Jid.of("b@x/r")));
        assertTrue(less.contains(Jid.of("a@x")));
        assertTrue(list("x.org").contains(Jid.of("x.org")));
        assertFalse(list("x.org").contains(Jid.of("u@x.org")), "contains is about items, not matching");
        assertTrue(more.without(more.items()).isEmpty());
    }

    @Test
    void outboundRefusalIsNotAcceptableWithBlocked() throws Exception {
        Element m = XmlParser.parse("<message xmlns='jabber:client' from='juliet@capulet.com/balcony' to='romeo@montague.net' id='1'><body>Can you hear me now?</body></message>");
        Element e = BlockingService.refusal(m, BlockingService.Verdict.OUTBOUND);
        assertEquals("error", e.attr("type"));
        assertEquals("romeo@montague.net", e.attr("from"));
        assertEquals("juliet@capulet.com/balcony", e.attr("to"));
        Element err = e.element("error", Ns.CLIENT);
        assertEquals("cancel", err.attr("type"));
        assertNotNull(err.element("not-acceptable", Ns.STANZA_ERRORS));
        assertNotNull(err.element("blocked", BlockingService.ERRORS));
    }

    @Test
    void inboundRefusalLooksLikeANonexistentAccount() throws Exception {
        Element m = XmlParser.parse("<message xmlns='jabber:client' from='romeo@montague.net/orchard' to='juliet@capulet.com' id='1'><body>hi</body></message>");
        Element e = BlockingService.refusal(m, BlockingService.Verdict.INBOUND);
        // exactly what the message service answers for an account that does not exist
        assertEquals(dev.parley.xmpp.api.Stanzas.error(m, "cancel", "service-unavailable"), e);
    }
}
