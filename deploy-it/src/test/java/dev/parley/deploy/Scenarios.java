package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/** What every deployment must do for two users, whatever it runs on. */
final class Scenarios {
    private Scenarios() { }

    /** Two users log in; each sends the other a chat message to the bare JID and receives the other's. */
    static void twoUsersChat(Clients server, String prefix) throws Exception {
        String a = prefix + "-alice", b = prefix + "-bob";
        server.createUser(a, a + "-pw");
        server.createUser(b, b + "-pw");
        XMPPTCPConnection alice = server.login(a, a + "-pw", "laptop");
        XMPPTCPConnection bob = server.login(b, b + "-pw", "phone");
        try {
            BlockingQueue<Message> aliceIn = Clients.inbox(alice), bobIn = Clients.inbox(bob);
            // available presence first: RFC 6121 §8.5.2.1.1 delivers a message to a bare JID to available resources
            Clients.sendAvailable(alice, "here");
            Clients.sendAvailable(bob, "here");
            BareJid aliceJid = JidCreate.bareFrom(a + "@localhost"), bobJid = JidCreate.bareFrom(b + "@localhost");
            ChatManager.getInstanceFor(alice).chatWith(bobJid.asEntityBareJidIfPossible()).send("Wherefore art thou, " + b + "?");
            Message m = Clients.poll(bobIn, 20);
            assertNotNull(m, "bob received no message from alice");
            assertEquals("Wherefore art thou, " + b + "?", m.getBody());
            assertEquals(aliceJid, m.getFrom().asBareJid(), "from is alice's JID, stamped by the server");
            ChatManager.getInstanceFor(bob).chatWith(aliceJid.asEntityBareJidIfPossible()).send("Here, " + a + ".");
            Message reply = Clients.poll(aliceIn, 20);
            assertNotNull(reply, "alice received no reply from bob");
            assertEquals("Here, " + a + ".", reply.getBody());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    /**
     * RFC 6121 §3: alice asks for bob's presence, bob (auto-accepting) approves and asks back; both end with
     * subscription "both" and each sees the other's available presence with its status (§4.2, §4.4).
     */
    static void subscribeAndSeePresence(Clients server, String prefix) throws Exception {
        String a = prefix + "-carol", b = prefix + "-dave";
        server.createUser(a, a + "-pw");
        server.createUser(b, b + "-pw");
        XMPPTCPConnection carol = server.login(a, a + "-pw", "desk");
        XMPPTCPConnection dave = server.login(b, b + "-pw", "desk");
        try {
            Roster carolRoster = Clients.roster(carol), daveRoster = Clients.roster(dave);
            carolRoster.reloadAndWait();
            daveRoster.reloadAndWait();
            Clients.sendAvailable(carol, "carol at her desk");
            Clients.sendAvailable(dave, "dave at his desk");
            BareJid carolJid = JidCreate.bareFrom(a + "@localhost"), daveJid = JidCreate.bareFrom(b + "@localhost");
            carolRoster.createItemAndRequestSubscription(daveJid, "Dave", null);
            daveRoster.createItemAndRequestSubscription(carolJid, "Carol", null);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && !(both(carolRoster, daveJid) && both(daveRoster, carolJid)
                    && carolRoster.getPresence(daveJid).isAvailable() && daveRoster.getPresence(carolJid).isAvailable())) {
                Thread.sleep(100);
            }
            RosterEntry e = carolRoster.getEntry(daveJid);
            assertNotNull(e, "dave is in carol's roster");
            assertTrue(both(carolRoster, daveJid), "carol <-> dave subscription is both, was " + e.getType());
            assertTrue(both(daveRoster, carolJid), "dave <-> carol subscription is both");
            Presence daveSeen = carolRoster.getPresence(daveJid);
            assertTrue(daveSeen.isAvailable(), "carol sees dave available, saw " + daveSeen);
            assertEquals("dave at his desk", daveSeen.getStatus());
            assertTrue(daveRoster.getPresence(carolJid).isAvailable(), "dave sees carol available");
        } finally {
            carol.disconnect();
            dave.disconnect();
        }
    }

    private static boolean both(Roster r, BareJid contact) {
        RosterEntry e = r.getEntry(contact);
        return e != null && e.getType() == org.jivesoftware.smack.roster.packet.RosterPacket.ItemType.both;
    }
}
