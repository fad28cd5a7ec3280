package dev.parley.im.admin;

import dev.parley.im.message.MessageService.ServiceResult;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** An administrator's message to every user (plain Java): who gets it, the stanza, and the counts. */
public final class Broadcasts {
    private Broadcasts() { }

    /**
     * To online users only: {@code headline}, which goes to every available resource with a non-negative priority
     * and is never stored (RFC 6121 §8.5.2.1.1, §8.5.2.2.1). To every account: {@code normal}, which goes to the
     * most available resources and is stored offline for the others (XEP-0160).
     */
    public static String type(boolean onlineOnly) { return onlineOnly ? "headline" : "normal"; }

    /** The accounts (bare JIDs) with at least one open bound session, each once, in JID order. */
    public static List<Jid> onlineAccounts(Collection<? extends XmppSession> sessions) {
        TreeSet<Jid> out = new TreeSet<>(Comparator.comparing(Jid::toString));
        for (XmppSession s : sessions) {
            Jid j = s.jid();
            if (j != null && s.isOpen()) out.add(j.bare());
        }
        return new ArrayList<>(out);
    }

    /** The message to one account, from the server's domain to its bare JID. */
    public static Element message(String domain, Jid to, String type, String subject, String body) {
        Element m = new Element("message", Ns.CLIENT).attr("from", domain).attr("to", to.bare().toString()).attr("type", type);
        if (subject != null && !subject.isEmpty()) m.addChild("subject", Ns.CLIENT).text(subject);
        m.addChild("body", Ns.CLIENT).text(body);
        return m;
    }

    /** Counts per account: delivered (to {@code resources} sessions in all), stored offline, dropped, refused, failed. */
    public record Result(String type, int recipients, int delivered, int resources, int stored, int dropped, int refused, int failed) { }

    /** Adds up the outcomes of one broadcast. Not thread-safe. */
    public static final class Tally {
        private final String type;
        private int recipients, delivered, resources, stored, dropped, refused, failed;
        private Exception firstFailure;

        public Tally(String type) { this.type = type; }

        public void add(ServiceResult r) {
            recipients++;
            switch (r.outcome()) {
                case DELIVERED -> { delivered++; resources += r.resources(); }
                case STORED -> stored++;
                case DROPPED -> dropped++;
                case REFUSED -> refused++;
            }
        }

        /** The server failed on this account (e.g. the database while storing). */
        public void failed(Exception e) {
            recipients++;
            failed++;
            if (firstFailure == null) firstFailure = e;
        }

        /** The first failure, to log once rather than once per account; null when none. */
        public Exception firstFailure() { return firstFailure; }

        public Result result() { return new Result(type, recipients, delivered, resources, stored, dropped, refused, failed); }
    }
}
