package dev.parley.im.roster;

import dev.parley.xmpp.jid.Jid;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/** A client's roster set (RFC 6121 §2.3, §2.5) once parsed: an update, a removal, or a refusal. */
public sealed interface RosterSet permits RosterSet.Update, RosterSet.Remove, RosterSet.Rejected {

    /**
     * Add or update the item (§2.3, §2.4): only the name and groups come from the client; the subscription
     * state and pre-approval are the server's (§2.1.2.1, §2.1.2.2, §2.1.2.5).
     *
     * @param name   the new name, or null for none
     * @param groups the new groups in order (the item's groups are replaced, §2.4.1)
     */
    record Update(Jid jid, String name, Set<String> groups) implements RosterSet {
        public Update {
            Objects.requireNonNull(jid, "jid");
            groups = Collections.unmodifiableSet(new LinkedHashSet<>(groups));
        }

        /**
         * The stored item after this update: a new item in state "None" (§2.3.2), or the existing one with the
         * new name and groups and its subscription state untouched. A hidden record of a pending inbound request
         * becomes a roster item (A.1 "None + Pending In": the server keeps the item and the pending request).
         */
        public RosterItem applyTo(RosterItem existing) {
            RosterItem base = existing != null ? existing.withHidden(false) : RosterItem.of(jid);
            return base.withName(name).withGroups(groups);
        }
    }

    /** Remove the item ({@code subscription='remove'}, §2.5). */
    record Remove(Jid jid) implements RosterSet {
        public Remove { Objects.requireNonNull(jid, "jid"); }
    }

    /** The roster set is refused with that error. */
    record Rejected(RosterError error) implements RosterSet {
        public Rejected { Objects.requireNonNull(error, "error"); }
    }
}
