package dev.parley.im.blocking;

import dev.parley.xmpp.jid.Jid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One account's blocklist (XEP-0191), immutable, with the JID matching of XEP-0191 §4 (the same as
 * XEP-0016 §2.1):
 * <ol>
 *   <li>{@code user@domain/resource}: only that resource;</li>
 *   <li>{@code user@domain}: any resource of it, and the bare JID;</li>
 *   <li>{@code domain/resource}: only that resource;</li>
 *   <li>{@code domain}: the domain itself, every {@code user@domain}, {@code domain/resource}, and every
 *       address at a subdomain of it.</li>
 * </ol>
 * Matching is a few hash lookups, so it can run for every stanza.
 */
public final class BlockList {
    public static final BlockList EMPTY = new BlockList(List.of());

    private final List<Jid> items;        // in the order they were blocked
    private final Set<Jid> addresses;     // items with a localpart or a resourcepart (rules 1-3)
    private final Set<String> domains;    // bare domain items (rule 4)

    public BlockList(Collection<Jid> items) {
        LinkedHashSet<Jid> unique = new LinkedHashSet<>(items);
        this.items = List.copyOf(unique);
        Set<Jid> a = new HashSet<>();
        Set<String> d = new HashSet<>();
        for (Jid j : unique) {
            if (j.local() == null && j.resource() == null) d.add(j.domain()); else a.add(j);
        }
        this.addresses = a;
        this.domains = d;
    }

    public List<Jid> items() { return items; }
    public boolean isEmpty() { return items.isEmpty(); }
    public boolean contains(Jid item) { return addresses.contains(item) || (item.local() == null && item.resource() == null && domains.contains(item.domain())); }

    /** Whether a stanza to or from {@code other} is blocked by this list. */
    public boolean matches(Jid other) {
        if (items.isEmpty()) return false;
        if (addresses.contains(other)) return true;                                  // rules 1 and 3, or a bare item
        if (other.resource() != null && other.local() != null && addresses.contains(other.bare())) return true; // rule 2
        if (domains.isEmpty()) return false;
        String d = other.domain();                                                   // rule 4, the domain and its parents
        while (true) {
            if (domains.contains(d)) return true;
            int dot = d.indexOf('.');
            if (dot < 0 || d.startsWith("[")) return false;
            d = d.substring(dot + 1);
        }
    }

    /** This list with {@code added} appended (those already present are ignored). */
    public BlockList with(Collection<Jid> added) {
        List<Jid> all = new ArrayList<>(items);
        all.addAll(added);
        return new BlockList(all);
    }

    /** This list without {@code removed}. */
    public BlockList without(Collection<Jid> removed) {
        List<Jid> all = new ArrayList<>(items);
        all.removeAll(new HashSet<>(removed));
        return all.isEmpty() ? EMPTY : new BlockList(all);
    }

    /** The items of {@code candidates} not in this list, without duplicates, in their order. */
    public List<Jid> missing(Collection<Jid> candidates) {
        Set<Jid> out = new LinkedHashSet<>();
        for (Jid j : candidates) if (!items.contains(j)) out.add(j);
        return Collections.unmodifiableList(new ArrayList<>(out));
    }
}
