package dev.parley.xmpp.server;

import dev.parley.xmpp.api.SessionRegistry;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** Bound sessions by full and by bare JID. Per-account lists are immutable snapshots, replaced on change. */
public final class SessionRegistryImpl implements SessionRegistry {
    private final ConcurrentHashMap<Jid, List<XmppSession>> byBare = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Jid, XmppSession> byFull = new ConcurrentHashMap<>();

    public enum BindOutcome { BOUND, REPLACED, LIMIT }

    /** Result of a bind: the outcome and, for REPLACED, the older session the caller must close. */
    public record BindResult(BindOutcome outcome, XmppSession replaced) { }

    /**
     * Binds {@code session} to {@code full}. An existing session with the same full JID is replaced
     * (the caller ends it with a conflict stream error, RFC 6120 §7.7.2.2); a new resource beyond
     * {@code maxResources} is refused.
     */
    public BindResult bind(XmppSession session, Jid full, int maxResources) {
        Jid bare = full.bare();
        XmppSession[] replaced = new XmppSession[1];
        boolean[] limit = new boolean[1];
        byBare.compute(bare, (k, list) -> {
            List<XmppSession> next = new ArrayList<>(list == null ? 1 : list.size() + 1);
            if (list != null) {
                for (XmppSession s : list) {
                    if (full.equals(s.jid())) replaced[0] = s; else next.add(s);
                }
            }
            if (replaced[0] == null && next.size() >= maxResources) { limit[0] = true; return list; }
            next.add(session);
            byFull.put(full, session);
            return List.copyOf(next);
        });
        if (limit[0]) return new BindResult(BindOutcome.LIMIT, null);
        return new BindResult(replaced[0] == null ? BindOutcome.BOUND : BindOutcome.REPLACED, replaced[0]);
    }

    /** Removes the session if it is still the one bound to its JID. */
    public void unbind(XmppSession session, Jid full) {
        if (full == null) return;
        byFull.remove(full, session);
        byBare.computeIfPresent(full.bare(), (k, list) -> {
            if (!list.contains(session)) return list;
            List<XmppSession> next = new ArrayList<>(list);
            next.remove(session);
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    @Override public List<XmppSession> sessions(Jid bareJid) {
        List<XmppSession> l = byBare.get(bareJid.bare());
        return l == null ? Collections.emptyList() : l;
    }
    @Override public XmppSession session(Jid fullJid) { return byFull.get(fullJid); }
    @Override public Collection<XmppSession> all() { return Collections.unmodifiableCollection(byFull.values()); }
    @Override public int count() { return byFull.size(); }
}
