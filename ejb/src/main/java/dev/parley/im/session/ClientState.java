package dev.parley.im.session;

import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RFC 6121 state of one bound session, carried as the session's attachment: availability and
 * priority (§4), whether the client asked for the roster ("interested resource", §2.1.6), directed
 * presence recipients (§4.6), message carbons (XEP-0280), whether it asked for the blocklist (XEP-0191).
 */
public final class ClientState {
    /** The last available presence the client broadcast (from stamped), or null while not available. */
    private volatile Element presence;
    private volatile String presenceXml;
    private volatile int priority;
    private volatile boolean interested;
    private volatile boolean initialPresenceSent;
    private volatile boolean carbons;
    /** XEP-0191 §5.2: this resource asked for the blocklist, so it gets blocklist pushes. */
    private volatile boolean blocklistRequested;
    /** Entities (full or bare JIDs) this resource sent directed available presence to, outside the roster. */
    public final Set<Jid> directedTo = ConcurrentHashMap.newKeySet();

    public static ClientState of(XmppSession session) {
        Object a = session.attachment();
        if (a instanceof ClientState c) return c;
        synchronized (session) {
            a = session.attachment();
            if (a instanceof ClientState c) return c;
            ClientState c = new ClientState();
            session.attachment(c);
            return c;
        }
    }

    /** An available resource (RFC 6121 §1.4): it has sent initial presence and not gone unavailable. */
    public boolean available() { return presence != null; }

    public Element presence() { return presence; }
    /** The same presence serialized once, for fan-out. */
    public String presenceXml() { return presenceXml; }

    /** Records an available presence (with its priority, RFC 6121 §4.7.2.3), or unavailability when null. */
    public void presence(Element p) {
        this.presence = p;
        this.presenceXml = p == null ? null : p.toXml();
        if (p == null) { priority = 0; return; }
        this.initialPresenceSent = true;
        String pr = p.childText("priority", p.namespace());
        int value = 0;
        if (pr != null) {
            try { value = Math.max(-128, Math.min(127, Integer.parseInt(pr.trim()))); } catch (NumberFormatException ignored) { }
        }
        this.priority = value;
    }

    public int priority() { return priority; }
    public boolean initialPresenceSent() { return initialPresenceSent; }
    public boolean interested() { return interested; }
    public void interested(boolean v) { interested = v; }
    public boolean carbons() { return carbons; }
    public void carbons(boolean v) { carbons = v; }
    public boolean blocklistRequested() { return blocklistRequested; }
    public void blocklistRequested(boolean v) { blocklistRequested = v; }
}
