package dev.parley.im.presence;

import dev.parley.im.session.ClientState;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One presence change to fan out: the stanza serialized once, its sender, the bare JIDs of the recipients, and
 * whether only their available resources get it (RFC 6121 §4.2.2, §4.4.2, §4.5.2 deliver broadcasts to available
 * resources). It travels as the text of one JMS message, so that every node delivers it to its own sessions.
 *
 * <p>Text form: {@code 'A' or 'I'} (available resources only, or every session), the sender, the recipients,
 * each followed by a line feed, an empty line, then the stanza. JIDs cannot contain a line feed (RFC 7622 forbids
 * control characters), so the form needs no escaping.
 */
public record FanOut(Jid sender, String xml, List<Jid> recipients, boolean availableOnly) {

    public FanOut {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(xml, "xml");
        recipients = List.copyOf(recipients);
    }

    public String encode() {
        StringBuilder sb = new StringBuilder(xml.length() + 32 * (recipients.size() + 1));
        sb.append(availableOnly ? 'A' : 'I').append('\n').append(sender).append('\n');
        for (Jid r : recipients) sb.append(r).append('\n');
        return sb.append('\n').append(xml).toString();
    }

    /** @throws IllegalArgumentException if the text is not an encoded fan-out */
    public static FanOut decode(String text) {
        if (text == null || text.length() < 4 || (text.charAt(0) != 'A' && text.charAt(0) != 'I') || text.charAt(1) != '\n') {
            throw new IllegalArgumentException("not a presence fan-out message");
        }
        boolean availableOnly = text.charAt(0) == 'A';
        int pos = 2;
        int nl = text.indexOf('\n', pos);
        if (nl < 0) throw new IllegalArgumentException("no sender");
        Jid sender = jid(text.substring(pos, nl));
        pos = nl + 1;
        List<Jid> recipients = new ArrayList<>();
        while (true) {
            nl = text.indexOf('\n', pos);
            if (nl < 0) throw new IllegalArgumentException("unterminated recipient list");
            if (nl == pos) { pos++; break; }
            recipients.add(jid(text.substring(pos, nl)));
            pos = nl + 1;
        }
        return new FanOut(sender, text.substring(pos), recipients, availableOnly);
    }

    private static Jid jid(String s) {
        Jid j = Jid.parseOrNull(s);
        if (j == null) throw new IllegalArgumentException("invalid JID in fan-out message");
        return j;
    }

    /**
     * Delivers to the local sessions of every recipient that {@code allowed} accepts (recipient, sender). Sessions
     * that closed meanwhile are skipped: that is not a failure. Returns the number of sessions written to.
     */
    public int deliver(Function<Jid, List<XmppSession>> sessions, BiPredicate<Jid, Jid> allowed) {
        int n = 0;
        for (Jid r : recipients) {
            List<XmppSession> list = sessions.apply(r);
            if (list.isEmpty() || !allowed.test(r, sender)) continue;
            for (XmppSession s : list) {
                if (!s.isOpen()) continue;
                if (availableOnly && !ClientState.of(s).available()) continue;
                s.sendRaw(xml);
                n++;
            }
        }
        return n;
    }
}
