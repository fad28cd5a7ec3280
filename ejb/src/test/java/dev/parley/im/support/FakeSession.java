package dev.parley.im.support;

import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A bound session that records what the server sends it, parsed back into elements. */
public final class FakeSession implements XmppSession {
    private final Jid jid;
    private volatile Object attachment;
    private volatile boolean open = true;
    private final List<Element> received = new ArrayList<>();

    public FakeSession(String fullJid) { this.jid = Jid.of(fullJid); }

    @Override public String id() { return "s-" + jid; }
    @Override public Jid jid() { return jid; }
    @Override public String remoteAddress() { return "127.0.0.1:1"; }
    @Override public boolean secure() { return true; }
    @Override public String transport() { return "test"; }
    @Override public String lang() { return "en"; }
    @Override public synchronized void send(Element stanza) { if (open) received.add(stanza.copy()); }
    @Override public synchronized void sendRaw(String xml) {
        if (!open) return;
        try { received.add(XmlParser.parse(xml)); } catch (Exception e) { throw new AssertionError("not XML: " + xml, e); }
    }
    @Override public void close(String condition, String text) { open = false; }
    @Override public boolean isOpen() { return open; }
    @Override public Object attachment() { return attachment; }
    @Override public void attachment(Object state) { this.attachment = state; }

    public synchronized List<Element> received() { return List.copyOf(received); }
    public synchronized List<Element> take() { List<Element> out = List.copyOf(received); received.clear(); return out; }
    public synchronized List<Element> matching(Predicate<Element> p) { return received.stream().filter(p).toList(); }
    public synchronized void clear() { received.clear(); }

    // ------------------------------------------------------------------ predicates

    public static Predicate<Element> presence(String type, String from) {
        return e -> e.name().equals("presence") && java.util.Objects.equals(e.attr("type"), type)
                && (from == null || from.equals(e.attr("from")));
    }

    public static Predicate<Element> push() {
        return e -> e.name().equals("iq") && "set".equals(e.attr("type")) && e.element("query", "jabber:iq:roster") != null;
    }
}
