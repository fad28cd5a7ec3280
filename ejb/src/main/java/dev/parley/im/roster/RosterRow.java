package dev.parley.im.roster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One stored row of a user's roster, as the database keeps it (table {@code xmpp_roster}, one row per owner and
 * contact, all of an owner's rows read by one query). A row is one of:
 * <ul>
 *   <li>a roster item: {@code state} set, {@code hidden} false, {@code version} the roster version of its last
 *       visible change (RFC 6121 §2.6);</li>
 *   <li>the hidden record of a request from a contact outside the roster (§3.1.3): {@code state}
 *       "None + Pending In", {@code hidden} true;</li>
 *   <li>a tombstone of a removed item (for roster versioning): {@code state} null, {@code removedVersion} set.
 *       A hidden record can carry a tombstone too;</li>
 *   <li>the owner's versioning record: {@code contact} {@link #META}, {@code version} the roster version,
 *       {@code removedVersion} the horizon (see {@link RosterVersioning}).</li>
 * </ul>
 * {@code pendingStanza} is the complete subscription request kept while a request is pending in, to be delivered
 * again whenever the owner becomes available (§3.1.3).
 *
 * @param groups the groups joined by {@link #GROUP_SEPARATOR}, or null for none
 */
public record RosterRow(String contact, String name, String groups, SubscriptionState state, boolean approved,
                        boolean hidden, long version, long removedVersion, String pendingStanza) {

    /** The contact value of the versioning record: never a JID. */
    public static final String META = "";

    /**
     * Separates group names in one column: U+001F cannot occur in XML 1.0 character data, so it cannot be part of a
     * group name, and unlike NUL a PostgreSQL text column can hold it.
     */
    public static final char GROUP_SEPARATOR = '\u001f';

    public static RosterRow meta(long version, long horizon) {
        return new RosterRow(META, null, null, null, false, false, version, horizon, null);
    }

    public boolean isMeta() { return META.equals(contact); }

    public static String encodeGroups(Collection<String> groups) {
        if (groups == null || groups.isEmpty()) return null;
        return String.join(String.valueOf(GROUP_SEPARATOR), groups);
    }

    public static Set<String> decodeGroups(String encoded) {
        Set<String> out = new LinkedHashSet<>();
        if (encoded == null || encoded.isEmpty()) return out;
        int start = 0;
        for (int i = 0; i <= encoded.length(); i++) {
            if (i == encoded.length() || encoded.charAt(i) == GROUP_SEPARATOR) {
                if (i > start) out.add(encoded.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** The groups, decoded, in order. */
    public List<String> groupList() { return new ArrayList<>(decodeGroups(groups)); }
}
