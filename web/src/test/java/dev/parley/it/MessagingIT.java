package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * RFC 6121 messaging against the deployed server: routing to bare and full JIDs by type and priority
 * (§8.5), errors that do not reveal whether an account exists, offline storage (XEP-0160, XEP-0203),
 * carbons (XEP-0280), blocking (XEP-0191), vCards (XEP-0054) and service discovery on behalf of
 * accounts (XEP-0030). One deployment serves every test; each test has its own users.
 *
 * <p>"Nothing arrived" is checked without sleeping: the sender pings the server after sending, so its
 * message has been fully routed when the answer comes (a session's stanzas are handled in order,
 * RFC 6120 §10.1); then each recipient pings, so everything written to it before has arrived.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MessagingIT {
    private static final String PW = "secret-pw";
    private static final long WAIT = 15_000;
    /** xmpp.limits.max-offline-messages of the test server (arquillian.xml). */
    private static final int OFFLINE_LIMIT = 25;
    /** xmpp.limits.max-vcard-bytes of the test server (arquillian.xml). */
    private static final int VCARD_LIMIT = 8192;

    @Deployment(testable = false)
    static WebArchive deployment() { return Xmpp.war(); }

    private final List<XMPPTCPConnection> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void smackDefaults() {
        CarbonManager.setEnabledByDefault(false); // carbons only where a test enables them
        ProviderManager.addExtensionProvider(RawExtension.ELEMENT, RawExtension.NAMESPACE, new RawExtension.Provider());
    }

    /**
     * An extension Smack does not know, kept as the XML text it received, to compare with what was sent.
     * (Smack's generic parser for unknown extensions fails an assertion on their namespace declaration
     * when assertions are enabled, as they are in tests.)
     */
    static final class RawExtension implements ExtensionElement {
        static final String ELEMENT = "x", NAMESPACE = "urn:example:parley";
        final String xml;
        RawExtension(String xml) { this.xml = xml; }
        @Override public String getElementName() { return ELEMENT; }
        @Override public String getNamespace() { return NAMESPACE; }
        @Override public CharSequence toXML(XmlEnvironment env) { return xml; }

        static final class Provider extends ExtensionElementProvider<RawExtension> {
            @Override public RawExtension parse(XmlPullParser parser, int depth, XmlEnvironment env) throws XmlPullParserException, IOException {
                return new RawExtension(PacketParserUtils.parseElement(parser, false).toString());
            }
        }
    }

    @AfterEach
    void disconnect() {
        for (XMPPTCPConnection c : open) c.disconnect();
        open.clear();
    }

    // ------------------------------------------------------------------ helpers

    private XMPPTCPConnection connect(String user, String resource) throws Exception {
        Xmpp.createUser(user, PW);
        XMPPTCPConnection c = Xmpp.login(user, PW, resource);
        open.add(c);
        return c;
    }

    /** A logged-in resource that has sent available presence with this priority (null: no presence at all). */
    private XMPPTCPConnection online(String user, String resource, Integer priority) throws Exception {
        XMPPTCPConnection c = connect(user, resource);
        if (priority != null) presence(c, priority);
        return c;
    }

    private static void presence(XMPPTCPConnection c, int priority) throws Exception {
        Presence p = c.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.available).setPriority(priority).build();
        c.sendStanza(p);
        settle(c);
    }

    /** Waits until the server has handled everything each connection sent, and each has received what was written to it. */
    private static void settle(XMPPTCPConnection... connections) throws Exception {
        for (XMPPTCPConnection c : connections) c.sendIqRequestAndWaitForResponse(new Ping(c.getXMPPServiceDomain()));
    }

    /** For what Smack reports through listeners on its own threads. */
    private static void eventually(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static Inbox inbox(XMPPTCPConnection c) { return new Inbox(c.createStanzaCollector(StanzaTypeFilter.MESSAGE)); }

    /** The messages a connection received, in order. */
    private static final class Inbox {
        final StanzaCollector collector;
        Inbox(StanzaCollector collector) { this.collector = collector; }

        Message next() throws InterruptedException {
            Message m = collector.nextResult(WAIT);
            assertNotNull(m, "expected a message");
            return m;
        }

        /** What has arrived so far (call after {@link #settle}). */
        List<Message> drain() {
            List<Message> out = new ArrayList<>();
            for (Message m; (m = collector.pollResult()) != null; ) out.add(m);
            return out;
        }

        List<String> bodies() { return drain().stream().map(m -> m.getBody() == null ? "<no body>" : m.getBody()).toList(); }
    }

    private static MessageBuilder msg(XMPPTCPConnection from, String to, Message.Type type, String body) throws Exception {
        MessageBuilder b = from.getStanzaFactory().buildMessageStanza().ofType(type);
        if (to != null) b.to(JidCreate.from(to));
        if (body != null) b.setBody(body);
        return b;
    }

    private static Message send(XMPPTCPConnection from, String to, Message.Type type, String body) throws Exception {
        Message m = msg(from, to, type, body).build();
        from.sendStanza(m);
        return m;
    }

    private static Message errorMessage(XMPPTCPConnection from, String to) throws Exception {
        Message m = msg(from, to, Message.Type.error, "bounce")
                .setError(StanzaError.getBuilder(StanzaError.Condition.item_not_found).build()).build();
        from.sendStanza(m);
        return m;
    }

    /** The error a message came back with: type error, from the address it was sent to, the same id. */
    private static StanzaError bounced(Inbox inbox, Message sent) throws Exception {
        Message e = inbox.next();
        assertEquals(Message.Type.error, e.getType(), () -> "expected an error for " + sent.toXML() + ", got " + e.toXML());
        assertEquals(sent.getStanzaId(), e.getStanzaId());
        assertEquals(sent.getTo(), e.getFrom());
        return e.getError();
    }

    private static void assertServiceUnavailable(StanzaError e) {
        assertEquals(StanzaError.Condition.service_unavailable, e.getCondition(), e::toString);
        assertEquals(StanzaError.Type.CANCEL, e.getType());
    }

    private static String jid(String user) { return user + "@" + Xmpp.DOMAIN; }

    private static Jid j(String jid) throws Exception { return JidCreate.from(jid); }

    // ------------------------------------------------------------------ routing to a bare JID (RFC 6121 §8.5.2)

    @Test
    void chatAndNormalToTheBareJidGoToTheHighestPriorityOnly() throws Exception {
        XMPPTCPConnection sender = online("r1-alice", "desk", 0);
        XMPPTCPConnection hi = online("r1-bob", "hi", 5);
        XMPPTCPConnection lo = online("r1-bob", "lo", 1);
        XMPPTCPConnection neg = online("r1-bob", "neg", -1);
        Inbox hiIn = inbox(hi), loIn = inbox(lo), negIn = inbox(neg), senderIn = inbox(sender);
        send(sender, jid("r1-bob"), Message.Type.chat, "c1");
        send(sender, jid("r1-bob"), Message.Type.normal, "n1");
        settle(sender, hi, lo, neg);
        assertEquals(List.of("c1", "n1"), hiIn.bodies());
        assertEquals(List.of(), loIn.bodies());
        assertEquals(List.of(), negIn.bodies(), "a negative priority never gets bare-JID messages (§8.5.2.1.1)");
        assertEquals(List.of(), senderIn.bodies(), "no error");
    }

    @Test
    void equalHighestPrioritiesAllGetTheMessage() throws Exception {
        XMPPTCPConnection sender = online("r2-alice", "desk", 0);
        XMPPTCPConnection a = online("r2-bob", "a", 3);
        XMPPTCPConnection b = online("r2-bob", "b", 3);
        XMPPTCPConnection c = online("r2-bob", "c", 1);
        Inbox aIn = inbox(a), bIn = inbox(b), cIn = inbox(c);
        send(sender, jid("r2-bob"), Message.Type.chat, "tie");
        settle(sender, a, b, c);
        assertEquals(List.of("tie"), aIn.bodies());
        assertEquals(List.of("tie"), bIn.bodies());
        assertEquals(List.of(), cIn.bodies());
    }

    @Test
    void headlineGoesToEveryNonNegativeResource() throws Exception {
        XMPPTCPConnection sender = online("r3-alice", "desk", 0);
        XMPPTCPConnection a = online("r3-bob", "a", 5);
        XMPPTCPConnection b = online("r3-bob", "b", 0);
        XMPPTCPConnection c = online("r3-bob", "c", -1);
        Inbox aIn = inbox(a), bIn = inbox(b), cIn = inbox(c);
        send(sender, jid("r3-bob"), Message.Type.headline, "news");
        settle(sender, a, b, c);
        assertEquals(List.of("news"), aIn.bodies());
        assertEquals(List.of("news"), bIn.bodies());
        assertEquals(List.of(), cIn.bodies());
    }

    @Test
    void groupchatToABareJidIsRefused() throws Exception {
        XMPPTCPConnection sender = online("r4-alice", "desk", 0);
        XMPPTCPConnection a = online("r4-bob", "a", 5);
        Inbox senderIn = inbox(sender), aIn = inbox(a);
        Message m = send(sender, jid("r4-bob"), Message.Type.groupchat, "room?");
        assertServiceUnavailable(bounced(senderIn, m));
        settle(a);
        assertEquals(List.of(), aIn.bodies());
    }

    @Test
    void negativePriorityOnlyMeansOfflineStorageButFullJidStillReachesIt() throws Exception {
        XMPPTCPConnection sender = online("r5-alice", "desk", 0);
        XMPPTCPConnection neg = online("r5-bob", "neg", -1);
        Inbox negIn = inbox(neg), senderIn = inbox(sender);
        send(sender, jid("r5-bob"), Message.Type.chat, "to the bare JID");
        send(sender, jid("r5-bob") + "/neg", Message.Type.chat, "to the full JID");
        settle(sender, neg);
        assertEquals(List.of("to the full JID"), negIn.bodies(), "§8.5.3.1: a matching resource gets it whatever its priority");
        assertEquals(List.of(), senderIn.bodies(), "stored, not refused");
        // XEP-0160 §2: handed over once the resource has a non-negative priority
        presence(neg, 2);
        Message stored = negIn.next();
        assertEquals("to the bare JID", stored.getBody());
        assertNotNull(DelayInformation.from(stored));
    }

    @Test
    void aResourceWithoutPresenceIsNotAvailable() throws Exception {
        XMPPTCPConnection sender = online("r6-alice", "desk", 0);
        XMPPTCPConnection quiet = online("r6-bob", "quiet", null);
        Inbox quietIn = inbox(quiet);
        send(sender, jid("r6-bob"), Message.Type.chat, "waiting");
        settle(sender, quiet);
        assertEquals(List.of(), quietIn.bodies(), "RFC 6121 §4.2: not available before initial presence");
        presence(quiet, 0);
        assertEquals("waiting", quietIn.next().getBody());
    }

    @Test
    void messageWithoutToIsForTheOwnAccount() throws Exception {
        XMPPTCPConnection r1 = online("r7-self", "one", 2);
        XMPPTCPConnection r2 = online("r7-self", "two", 1);
        Inbox in1 = inbox(r1), in2 = inbox(r2);
        send(r2, null, Message.Type.chat, "note to self");
        settle(r2, r1);
        List<Message> got = in1.drain();
        assertEquals(1, got.size());
        assertEquals("note to self", got.get(0).getBody());
        assertEquals(j(jid("r7-self")), got.get(0).getTo(), "RFC 6120 §10.3.1: addressed to the bare JID");
        assertEquals(j(jid("r7-self") + "/two"), got.get(0).getFrom());
        assertEquals(List.of(), in2.bodies());
    }

    // ------------------------------------------------------------------ routing to a full JID (RFC 6121 §8.5.3)

    @Test
    void fullJidOfAConnectedResourceGetsEveryType() throws Exception {
        XMPPTCPConnection sender = online("f1-alice", "desk", 0);
        XMPPTCPConnection a = online("f1-bob", "a", 5);
        XMPPTCPConnection b = online("f1-bob", "b", 1);
        Inbox aIn = inbox(a), bIn = inbox(b), senderIn = inbox(sender);
        for (Message.Type t : new Message.Type[] {Message.Type.chat, Message.Type.normal, Message.Type.headline, Message.Type.groupchat}) {
            send(sender, jid("f1-bob") + "/b", t, t.name());
        }
        settle(sender, a, b);
        assertEquals(List.of("chat", "normal", "headline", "groupchat"), bIn.bodies());
        assertEquals(List.of(), aIn.bodies());
        assertEquals(List.of(), senderIn.bodies());
    }

    @Test
    void fullJidWithoutSuchResource() throws Exception {
        XMPPTCPConnection sender = online("f2-alice", "desk", 0);
        XMPPTCPConnection a = online("f2-bob", "a", 5);
        XMPPTCPConnection b = online("f2-bob", "b", 1);
        Inbox aIn = inbox(a), bIn = inbox(b), senderIn = inbox(sender);
        String gone = jid("f2-bob") + "/gone";
        // chat: as if addressed to the bare JID (§8.5.3.2.1)
        send(sender, gone, Message.Type.chat, "chat");
        settle(sender, a, b);
        assertEquals(List.of("chat"), aIn.bodies());
        assertEquals(List.of(), bIn.bodies());
        assertEquals(List.of(), senderIn.bodies());
        // normal, groupchat, headline: service-unavailable (the documented choice)
        for (Message.Type t : new Message.Type[] {Message.Type.normal, Message.Type.groupchat, Message.Type.headline}) {
            Message m = send(sender, gone, t, t.name());
            assertServiceUnavailable(bounced(senderIn, m));
        }
        settle(a, b);
        assertEquals(List.of(), aIn.bodies());
        assertEquals(List.of(), bIn.bodies());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void headlineAndErrorToAnOfflineAccountAreSilentlyDropped() throws Exception {
        XMPPTCPConnection sender = online("e1-alice", "desk", 0);
        Xmpp.createUser("e1-bob", PW);
        Inbox senderIn = inbox(sender);
        send(sender, jid("e1-bob"), Message.Type.headline, "stale news");
        errorMessage(sender, jid("e1-bob"));
        settle(sender);
        assertEquals(List.of(), senderIn.drain(), "§8.5.2.2.1: ignored, no error");
        XMPPTCPConnection bob = online("e1-bob", "later", null);
        Inbox bobIn = inbox(bob);
        presence(bob, 0);
        assertEquals(List.of(), bobIn.drain(), "headlines are not stored (XEP-0160 §3)");
    }

    @Test
    void errorsAreNeverAnsweredWithErrors() throws Exception {
        XMPPTCPConnection sender = online("e2-alice", "desk", 0);
        Xmpp.createUser("e2-bob", PW);
        Inbox senderIn = inbox(sender);
        errorMessage(sender, jid("e2-nobody-at-all"));
        errorMessage(sender, jid("e2-bob") + "/gone");
        errorMessage(sender, "someone@remote.example");
        errorMessage(sender, Xmpp.DOMAIN);
        errorMessage(sender, Xmpp.DOMAIN + "/res");
        settle(sender);
        assertEquals(List.of(), senderIn.drain());
    }

    @Test
    void remoteDomainsAndTheServerItself() throws Exception {
        XMPPTCPConnection sender = online("e3-alice", "desk", 0);
        Inbox senderIn = inbox(sender);
        Message remote = send(sender, "someone@remote.example", Message.Type.chat, "far away");
        StanzaError e = bounced(senderIn, remote);
        assertEquals(StanzaError.Condition.remote_server_not_found, e.getCondition());
        assertServiceUnavailable(bounced(senderIn, send(sender, Xmpp.DOMAIN, Message.Type.chat, "hello server")));
        assertServiceUnavailable(bounced(senderIn, send(sender, Xmpp.DOMAIN + "/res", Message.Type.normal, "hello")));
    }

    @Test
    void aMissingAccountIsAnsweredLikeOneThatCannotReceive() throws Exception {
        XMPPTCPConnection sender = online("e4-alice", "desk", 0);
        XMPPTCPConnection wall = online("e4-wall", "home", 1);
        BlockingCommandManager.getInstanceFor(wall).blockContacts(List.of(j(jid("e4-alice"))));
        Inbox senderIn = inbox(sender), wallIn = inbox(wall);

        StanzaError missing = bounced(senderIn, send(sender, jid("e4-ghost"), Message.Type.chat, "anyone?"));
        StanzaError blockedOnline = bounced(senderIn, send(sender, jid("e4-wall"), Message.Type.chat, "anyone?"));
        wall.disconnect();
        StanzaError blockedOffline = bounced(senderIn, send(sender, jid("e4-wall"), Message.Type.chat, "anyone?"));
        StanzaError missingNormal = bounced(senderIn, send(sender, jid("e4-ghost") + "/res", Message.Type.normal, "anyone?"));

        assertServiceUnavailable(missing);
        assertEquals(missing.toXML().toString(), blockedOnline.toXML().toString(), "XEP-0191 §5.3: the user appears offline");
        assertEquals(missing.toXML().toString(), blockedOffline.toXML().toString());
        assertEquals(missing.toXML().toString(), missingNormal.toXML().toString());
        assertNull(missing.getDescriptiveText(), "no text that could differ");
        assertEquals(List.of(), wallIn.bodies());
    }

    // ------------------------------------------------------------------ content

    @Test
    void theStanzaIsRelayedAsReceived() throws Exception {
        XMPPTCPConnection sender = online("c1-alice", "desk", 0);
        XMPPTCPConnection bob = online("c1-bob", "home", 0);
        Inbox bobIn = inbox(bob);
        StandardExtensionElement ext = StandardExtensionElement.builder("x", "urn:example:parley")
                .addAttribute("a", "1").addElement("y", "inner & <text>").build();
        Message sent = msg(sender, jid("c1-bob"), Message.Type.chat, "hello")
                .addBody("fr", "bonjour").addBody("de", "hallo")
                .setSubject("greetings").addSubject("fr", "salutations")
                .setThread("thread-1", "parent-0")
                .addExtension(ext).build();
        sender.sendStanza(sent);
        Message got = bobIn.next();
        assertEquals(sent.getStanzaId(), got.getStanzaId());
        assertEquals(j(jid("c1-alice") + "/desk"), got.getFrom(), "from stamped with the sender's full JID");
        assertEquals(j(jid("c1-bob")), got.getTo(), "to kept as sent");
        assertEquals(bodies(sent.getBodies()), bodies(got.getBodies()));
        assertEquals(3, got.getBodies().size());
        assertEquals(subjects(sent.getSubjects()), subjects(got.getSubjects()));
        assertEquals("thread-1", got.getThread());
        assertEquals("parent-0", ((Message.Thread) got.getExtension(Message.Thread.QNAME)).getParent());
        RawExtension x = (RawExtension) got.getExtensionElement(RawExtension.ELEMENT, RawExtension.NAMESPACE);
        assertNotNull(x);
        // Smack writes '>' in text as is and re-escapes it when it reads; the two forms are the same XML
        assertEquals(ext.toXML().toString().replace("&gt;", ">"), x.xml.replace("&gt;", ">"), "an unknown extension, as sent");
    }

    private static Set<String> bodies(Collection<Message.Body> b) {
        return b.stream().map(x -> x.getLanguage() + ":" + x.getMessage()).collect(Collectors.toSet());
    }

    private static Set<String> subjects(Collection<Message.Subject> s) {
        return s.stream().map(x -> x.getLanguage() + ":" + x.getSubject()).collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------ offline storage (XEP-0160)

    @Test
    void offlineMessagesAreStoredAndHandedOverInOrderWithADelay() throws Exception {
        XMPPTCPConnection sender = online("o1-alice", "desk", 0);
        Xmpp.createUser("o1-bob", PW);
        Inbox senderIn = inbox(sender);
        long before = System.currentTimeMillis();
        for (int i = 1; i <= 3; i++) send(sender, jid("o1-bob"), Message.Type.chat, "chat " + i);
        Message normal = msg(sender, jid("o1-bob"), Message.Type.normal, "normal 4").setSubject("s4").build();
        sender.sendStanza(normal);
        send(sender, jid("o1-bob"), Message.Type.headline, "not stored");
        // XEP-0160 §3: chat states alone are not stored; the sender is told it was not delivered
        Message typing = msg(sender, jid("o1-bob"), Message.Type.chat, null)
                .addExtension(StandardExtensionElement.builder("composing", "http://jabber.org/protocol/chatstates").build()).build();
        sender.sendStanza(typing);
        assertServiceUnavailable(bounced(senderIn, typing));
        settle(sender);
        assertEquals(List.of(), senderIn.drain());

        XMPPTCPConnection bob = online("o1-bob", "phone", null);
        Inbox bobIn = inbox(bob);
        presence(bob, 0);
        List<Message> got = bobIn.drain();
        assertEquals(List.of("chat 1", "chat 2", "chat 3", "normal 4"), got.stream().map(Message::getBody).toList());
        assertEquals("s4", got.get(3).getSubject());
        assertEquals(Message.Type.normal, got.get(3).getType());
        for (Message m : got) {
            assertEquals(j(jid("o1-alice") + "/desk"), m.getFrom());
            DelayInformation d = DelayInformation.from(m);
            assertNotNull(d, "XEP-0203 delay on every stored message");
            assertEquals(Xmpp.DOMAIN, d.getFrom());
            assertTrue(d.getStamp().getTime() >= before - 1000 && d.getStamp().getTime() <= System.currentTimeMillis() + 1000, d.getStamp().toString());
        }
        bob.disconnect();
        // handed over once: the next login finds nothing
        XMPPTCPConnection again = online("o1-bob", "phone", null);
        Inbox againIn = inbox(again);
        presence(again, 0);
        assertEquals(List.of(), againIn.drain());
    }

    @Test
    void theOfflineStoreIsLimitedPerAccount() throws Exception {
        XMPPTCPConnection sender = online("o2-alice", "desk", 0);
        Xmpp.createUser("o2-bob", PW);
        Inbox senderIn = inbox(sender);
        for (int i = 1; i <= OFFLINE_LIMIT; i++) send(sender, jid("o2-bob"), Message.Type.chat, "m" + i);
        settle(sender);
        assertEquals(List.of(), senderIn.drain(), "all stored");
        Message over = send(sender, jid("o2-bob"), Message.Type.chat, "one too many");
        StanzaError full = bounced(senderIn, over);
        assertServiceUnavailable(full);
        StanzaError missing = bounced(senderIn, send(sender, jid("o2-ghost"), Message.Type.chat, "one too many"));
        assertEquals(missing.toXML().toString(), full.toXML().toString(), "a full store looks like a missing account");

        XMPPTCPConnection bob = online("o2-bob", "phone", null);
        Inbox bobIn = inbox(bob);
        presence(bob, 0);
        List<String> got = bobIn.bodies();
        assertEquals(OFFLINE_LIMIT, got.size());
        assertEquals("m1", got.get(0));
        assertEquals("m" + OFFLINE_LIMIT, got.get(OFFLINE_LIMIT - 1));
        // emptied: room again
        bob.disconnect();
        send(sender, jid("o2-bob"), Message.Type.chat, "after");
        settle(sender);
        assertEquals(List.of(), senderIn.drain());
    }

    // ------------------------------------------------------------------ carbons (XEP-0280)

    @Test
    void carbonsCopyChatsToTheOtherEnabledResources() throws Exception {
        XMPPTCPConnection alice = online("k1-alice", "desk", 0);
        XMPPTCPConnection d1 = online("k1-dave", "d1", 1);
        XMPPTCPConnection d2 = online("k1-dave", "d2", 0);
        XMPPTCPConnection d3 = online("k1-dave", "d3", 0);
        CarbonManager.getInstanceFor(d1).enableCarbons();
        CarbonManager.getInstanceFor(d2).enableCarbons();
        Inbox d1In = inbox(d1), d2In = inbox(d2), d3In = inbox(d3), aliceIn = inbox(alice);
        EntityBareJid dave = JidCreate.entityBareFrom(jid("k1-dave"));

        // received (§7): the addressee gets the message, the other enabled resource a copy
        Message toD1 = send(alice, jid("k1-dave") + "/d1", Message.Type.chat, "to d1");
        settle(alice, d1, d2, d3);
        assertEquals(List.of("to d1"), d1In.bodies());
        assertCarbon(d2In.drain(), CarbonExtension.Direction.received, dave, "d2", toD1);
        assertEquals(List.of(), d3In.bodies(), "not enabled: no copy");

        // to the bare JID: the highest priority (d1) gets it, d2 a copy
        Message toBare = send(alice, jid("k1-dave"), Message.Type.chat, "to dave");
        settle(alice, d1, d2, d3);
        assertEquals(List.of("to dave"), d1In.bodies());
        assertCarbon(d2In.drain(), CarbonExtension.Direction.received, dave, "d2", toBare);
        assertEquals(List.of(), d3In.bodies());

        // sent (§8): the other enabled resources get a copy, the sender none
        Message fromD1 = send(d1, jid("k1-alice"), Message.Type.chat, "from d1");
        settle(d1, alice, d2, d3);
        assertEquals(List.of("from d1"), aliceIn.bodies());
        assertEquals(List.of(), d1In.drain(), "the sending resource gets no copy");
        assertCarbon(d2In.drain(), CarbonExtension.Direction.sent, dave, "d2", fromD1);
        assertEquals(List.of(), d3In.drain());

        // sent by a resource without carbons enabled: still copied to the enabled ones
        Message fromD3 = send(d3, jid("k1-alice"), Message.Type.chat, "from d3");
        settle(d3, alice, d1, d2);
        assertEquals(List.of("from d3"), aliceIn.bodies());
        assertCarbon(d1In.drain(), CarbonExtension.Direction.sent, dave, "d1", fromD3);
        assertCarbon(d2In.drain(), CarbonExtension.Direction.sent, dave, "d2", fromD3);

        // normal with a body is copied, headline and normal without a body are not (§6)
        Message normal = send(alice, jid("k1-dave") + "/d1", Message.Type.normal, "normal");
        send(alice, jid("k1-dave") + "/d1", Message.Type.headline, "headline");
        alice.sendStanza(msg(alice, jid("k1-dave") + "/d1", Message.Type.normal, null).setSubject("no body").build());
        settle(alice, d1, d2);
        assertEquals(3, d1In.drain().size());
        assertCarbon(d2In.drain(), CarbonExtension.Direction.received, dave, "d2", normal);

        // disabled: no more copies
        CarbonManager.getInstanceFor(d2).disableCarbons();
        send(alice, jid("k1-dave") + "/d1", Message.Type.chat, "after disable");
        settle(alice, d1, d2);
        assertEquals(List.of("after disable"), d1In.bodies());
        assertEquals(List.of(), d2In.drain());
    }

    @Test
    void privateMessagesAreNotCopied() throws Exception {
        XMPPTCPConnection alice = online("k2-alice", "desk", 0);
        XMPPTCPConnection a2 = online("k2-alice", "phone", 0);
        XMPPTCPConnection d1 = online("k2-dave", "d1", 1);
        XMPPTCPConnection d2 = online("k2-dave", "d2", 0);
        CarbonManager.getInstanceFor(a2).enableCarbons();
        CarbonManager.getInstanceFor(d2).enableCarbons();
        Inbox a2In = inbox(a2), d1In = inbox(d1), d2In = inbox(d2);
        Message m = msg(alice, jid("k2-dave") + "/d1", Message.Type.chat, "e2e")
                .addExtension(StandardExtensionElement.builder("private", "urn:xmpp:carbons:2").build())
                .addExtension(StandardExtensionElement.builder("no-copy", "urn:xmpp:hints").build()).build();
        alice.sendStanza(m);
        settle(alice, a2, d1, d2);
        List<Message> got = d1In.drain();
        assertEquals(1, got.size());
        assertNull(got.get(0).getExtensionElement("private", "urn:xmpp:carbons:2"), "§9: removed before delivery");
        assertEquals(List.of(), a2In.drain(), "no sent copy");
        assertEquals(List.of(), d2In.drain(), "no received copy");
    }

    private static void assertCarbon(List<Message> got, CarbonExtension.Direction direction, EntityBareJid user, String resource, Message original)
            throws Exception {
        assertEquals(1, got.size(), () -> "one carbon, got " + got);
        Message wrapper = got.get(0);
        assertEquals(user, wrapper.getFrom(), "from the user's bare JID");
        assertEquals(j(user + "/" + resource), wrapper.getTo());
        assertEquals(original.getType(), wrapper.getType());
        CarbonExtension c = CarbonExtension.from(wrapper);
        assertNotNull(c, () -> "a carbon: " + wrapper.toXML());
        assertEquals(direction, c.getDirection());
        Message inner = c.getForwarded().getForwardedStanza();
        assertEquals(original.getStanzaId(), inner.getStanzaId());
        assertEquals(original.getBody(), inner.getBody());
        assertEquals(original.getTo(), inner.getTo());
        assertNotNull(inner.getFrom(), "the forwarded message has its stamped from");
    }

    // ------------------------------------------------------------------ blocking (XEP-0191)

    @Test
    void blockingStopsMessagesAndIqsBothWaysUntilUnblocked() throws Exception {
        XMPPTCPConnection e1 = online("b1-erin", "one", 1);
        XMPPTCPConnection e2 = online("b1-erin", "two", 0);
        XMPPTCPConnection frank = online("b1-frank", "home", 0);
        BlockingCommandManager m1 = BlockingCommandManager.getInstanceFor(e1);
        BlockingCommandManager m2 = BlockingCommandManager.getInstanceFor(e2);
        assertTrue(m1.isSupportedByServer());
        assertEquals(List.of(), m1.getBlockList()); // e1 asked for the list: it gets pushes
        List<Jid> pushed = new CopyOnWriteArrayList<>();
        m1.addJidsBlockedListener(pushed::addAll);
        List<Jid> unpushed = new CopyOnWriteArrayList<>();
        m1.addJidsUnblockedListener(unpushed::addAll);
        Jid frankJid = j(jid("b1-frank"));

        m2.blockContacts(List.of(frankJid));
        // §5.3: pushed to the resource that requested the blocklist
        eventually("the block push", () -> pushed.equals(List.of(frankJid)));
        assertEquals(List.of(frankJid), m1.getBlockList());

        Inbox e1In = inbox(e1), e2In = inbox(e2), frankIn = inbox(frank);
        // inbound: the user appears offline
        assertServiceUnavailable(bounced(frankIn, send(frank, jid("b1-erin"), Message.Type.chat, "let me in")));
        assertServiceUnavailable(bounced(frankIn, send(frank, jid("b1-erin") + "/one", Message.Type.chat, "let me in")));
        XMPPErrorException iqIn = assertThrows(XMPPErrorException.class,
                () -> frank.sendIqRequestAndWaitForResponse(new Ping(j(jid("b1-erin") + "/one"))));
        assertEquals(StanzaError.Condition.service_unavailable, iqIn.getStanzaError().getCondition());
        settle(e1, e2);
        assertEquals(List.of(), e1In.drain());
        assertEquals(List.of(), e2In.drain());

        // outbound: not-acceptable with <blocked/>
        Message out = send(e1, jid("b1-frank"), Message.Type.chat, "you are blocked");
        StanzaError err = bounced(e1In, out);
        assertEquals(StanzaError.Condition.not_acceptable, err.getCondition());
        assertNotNull(err.getExtension("blocked", "urn:xmpp:blocking:errors"));
        XMPPErrorException iqOut = assertThrows(XMPPErrorException.class,
                () -> e2.sendIqRequestAndWaitForResponse(new Ping(j(jid("b1-frank") + "/home"))));
        assertEquals(StanzaError.Condition.not_acceptable, iqOut.getStanzaError().getCondition());
        settle(frank);
        assertEquals(List.of(), frankIn.drain());

        // unblock: messages flow again
        m2.unblockContacts(List.of(frankJid));
        eventually("the unblock push", () -> unpushed.equals(List.of(frankJid)));
        assertEquals(List.of(), m1.getBlockList());
        send(frank, jid("b1-erin"), Message.Type.chat, "hello again");
        settle(frank, e1);
        assertEquals(List.of("hello again"), e1In.bodies());
    }

    @Test
    void domainBlocksAndTheListSurvivesTheSession() throws Exception {
        XMPPTCPConnection erin = online("b2-erin", "one", 0);
        BlockingCommandManager m = BlockingCommandManager.getInstanceFor(erin);
        m.blockContacts(List.of(j("example.org"), j(jid("b2-frank") + "/bot")));
        Inbox in = inbox(erin);
        // XEP-0191 §4: a domain item matches its users and subdomains
        StanzaError e = bounced(in, send(erin, "someone@chat.example.org", Message.Type.chat, "x"));
        assertEquals(StanzaError.Condition.not_acceptable, e.getCondition(), "blocked before the remote domain is considered");
        // a full-JID item matches only that resource
        StanzaError bot = bounced(in, send(erin, jid("b2-frank") + "/bot", Message.Type.chat, "x"));
        assertEquals(StanzaError.Condition.not_acceptable, bot.getCondition());
        Xmpp.createUser("b2-frank", PW);
        send(erin, jid("b2-frank"), Message.Type.chat, "stored for frank");
        settle(erin);
        assertEquals(List.of(), in.drain(), "the bare JID is not blocked");
        erin.disconnect();

        XMPPTCPConnection again = online("b2-erin", "two", 0);
        BlockingCommandManager m2 = BlockingCommandManager.getInstanceFor(again);
        assertEquals(Set.of(j("example.org"), j(jid("b2-frank") + "/bot")), Set.copyOf(m2.getBlockList()));
        m2.unblockAll();
        XMPPTCPConnection third = online("b2-erin", "three", 0);
        assertEquals(List.of(), BlockingCommandManager.getInstanceFor(third).getBlockList(), "fetched from the server");
        Inbox againIn = inbox(again);
        assertEquals(StanzaError.Condition.remote_server_not_found,
                bounced(againIn, send(again, "someone@chat.example.org", Message.Type.chat, "x")).getCondition());
    }

    // ------------------------------------------------------------------ vCard (XEP-0054)

    @Test
    void vcardsOwnAndOthers() throws Exception {
        XMPPTCPConnection vic = online("v1-vic", "desk", 0);
        XMPPTCPConnection wes = online("v1-wes", "desk", 0);
        VCardManager vm = VCardManager.getInstanceFor(vic);
        VCardManager wm = VCardManager.getInstanceFor(wes);
        assertTrue(vm.isSupported(j(Xmpp.DOMAIN)));

        VCard none = vm.loadVCard();
        assertNull(none.getNickName(), "§3.1: an empty vCard when none is stored");

        VCard v = new VCard();
        v.setFirstName("Victoria");
        v.setNickName("vic");
        v.setField("DESC", "caf\u00e9 & <friends>");
        vm.saveVCard(v);
        VCard mine = vm.loadVCard();
        assertEquals("vic", mine.getNickName());
        assertEquals("Victoria", mine.getFirstName());
        assertEquals("caf\u00e9 & <friends>", mine.getField("DESC"));

        // §3.3: another user reads it from the bare JID, answered by the server
        VCard seen = wm.loadVCard(JidCreate.entityBareFrom(jid("v1-vic")));
        assertEquals("vic", seen.getNickName());

        // replaced as a whole
        VCard v2 = new VCard();
        v2.setNickName("victoria");
        vm.saveVCard(v2);
        VCard after = wm.loadVCard(JidCreate.entityBareFrom(jid("v1-vic")));
        assertEquals("victoria", after.getNickName());
        assertNull(after.getFirstName());

        // no vCard and no account: one and the same error
        XMPPErrorException noCard = assertThrows(XMPPErrorException.class, () -> vm.loadVCard(JidCreate.entityBareFrom(jid("v1-wes"))));
        XMPPErrorException noUser = assertThrows(XMPPErrorException.class, () -> vm.loadVCard(JidCreate.entityBareFrom(jid("v1-nobody"))));
        assertEquals(StanzaError.Condition.service_unavailable, noCard.getStanzaError().getCondition());
        assertEquals(noCard.getStanzaError().toXML().toString(), noUser.getStanzaError().toXML().toString());

        // §3.2: nobody sets another user's vCard
        VCard forged = new VCard();
        forged.setNickName("forged");
        forged.setTo(JidCreate.entityBareFrom(jid("v1-vic")));
        forged.setType(org.jivesoftware.smack.packet.IQ.Type.set);
        XMPPErrorException forbidden = assertThrows(XMPPErrorException.class, () -> wes.sendIqRequestAndWaitForResponse(forged));
        assertEquals(StanzaError.Condition.forbidden, forbidden.getStanzaError().getCondition());
        assertEquals("victoria", vm.loadVCard().getNickName());

        // size limit
        VCard big = new VCard();
        big.setField("DESC", "x".repeat(VCARD_LIMIT));
        XMPPErrorException tooBig = assertThrows(XMPPErrorException.class, () -> vm.saveVCard(big));
        assertEquals(StanzaError.Condition.not_acceptable, tooBig.getStanzaError().getCondition());
        assertEquals("victoria", vm.loadVCard().getNickName());
    }

    // ------------------------------------------------------------------ account deletion

    @Test
    void deletingAnAccountDeletesItsMessagesVCardAndBlocklist() throws Exception {
        XMPPTCPConnection sender = online("d1-alice", "desk", 0);
        XMPPTCPConnection gina = online("d1-gina", "desk", 0);
        VCard v = new VCard();
        v.setNickName("gina");
        VCardManager.getInstanceFor(gina).saveVCard(v);
        BlockingCommandManager.getInstanceFor(gina).blockContacts(List.of(j("spam.example")));
        gina.disconnect();
        send(sender, jid("d1-gina"), Message.Type.chat, "for the old gina");
        settle(sender);

        assertEquals(204, Xmpp.admin("DELETE", "/api/users/d1-gina", null).statusCode());
        XMPPTCPConnection fresh = online("d1-gina", "desk", null); // created again, same name
        Inbox in = inbox(fresh);
        presence(fresh, 0);
        assertEquals(List.of(), in.drain(), "no stored messages");
        assertNull(VCardManager.getInstanceFor(fresh).loadVCard().getNickName(), "no vCard");
        assertEquals(List.of(), BlockingCommandManager.getInstanceFor(fresh).getBlockList(), "no blocklist");
    }

    // ------------------------------------------------------------------ service discovery (XEP-0030)

    @Test
    void discoveryOnBehalfOfAccounts() throws Exception {
        XMPPTCPConnection ann = online("s1-ann", "desk", 0);
        Xmpp.createUser("s1-ben", PW);
        ServiceDiscoveryManager sdm = ServiceDiscoveryManager.getInstanceFor(ann);

        DiscoverInfo server = sdm.discoverInfo(j(Xmpp.DOMAIN));
        for (String f : List.of("msgoffline", "urn:xmpp:carbons:2", "urn:xmpp:blocking", "vcard-temp")) {
            assertTrue(server.containsFeature(f), f);
        }
        DiscoverInfo own = sdm.discoverInfo(j(jid("s1-ann")));
        assertTrue(own.hasIdentity("account", "registered"));

        // §8: another account, existing or not, without a presence subscription: the same error
        XMPPErrorException other = assertThrows(XMPPErrorException.class, () -> sdm.discoverInfo(j(jid("s1-ben"))));
        XMPPErrorException ghost = assertThrows(XMPPErrorException.class, () -> sdm.discoverInfo(j(jid("s1-ghost"))));
        assertEquals(StanzaError.Condition.service_unavailable, other.getStanzaError().getCondition());
        assertEquals(other.getStanzaError().toXML().toString(), ghost.getStanzaError().toXML().toString());
        // items: an empty set either way
        DiscoverItems items = sdm.discoverItems(j(jid("s1-ben")));
        assertEquals(0, items.getItems().size());
        assertEquals(0, sdm.discoverItems(j(jid("s1-ghost"))).getItems().size());
    }
}
