package dev.parley.im.roster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * A stored {@link RosterRow}: one row per owner and contact, keyed by both, so that an owner's whole roster (items,
 * hidden requests, tombstones and the versioning record) is read with one query on the key's first column. Groups
 * are one delimited column: no join per item.
 */
@Entity
@Table(name = "xmpp_roster")
@IdClass(RosterRecord.Key.class)
public class RosterRecord {
    @Id @Column(length = 1023) private String owner;
    @Id @Column(length = 3071) private String contact;
    @Column(length = 4096) private String name;
    @Column(name = "group_names", length = RosterManager.MAX_ENCODED_GROUPS) private String groups;
    @Enumerated(EnumType.STRING) @Column(length = 24) private SubscriptionState state;
    @Column(nullable = false) private boolean approved;
    @Column(nullable = false) private boolean hidden;
    @Column(nullable = false) private long version;
    @Column(name = "removed_version", nullable = false) private long removedVersion;
    @Column(name = "pending_stanza", length = MAX_PENDING) private String pendingStanza;

    /** Longest kept subscription request; a longer one is kept without its extensions. */
    public static final int MAX_PENDING = 16384;

    protected RosterRecord() { }

    public RosterRecord(String owner, RosterRow row) {
        this.owner = owner;
        this.contact = row.contact();
        copy(row);
    }

    public String getOwner() { return owner; }
    public String getContact() { return contact; }

    /** Takes every value of the row except the key. */
    public void copy(RosterRow row) {
        name = row.name();
        groups = row.groups();
        state = row.state();
        approved = row.approved();
        hidden = row.hidden();
        version = row.version();
        removedVersion = row.removedVersion();
        pendingStanza = row.pendingStanza();
    }

    public RosterRow toRow() {
        return new RosterRow(contact, name, groups, state, approved, hidden, version, removedVersion, pendingStanza);
    }

    /** The composite key. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String owner;
        private String contact;

        public Key() { }
        public Key(String owner, String contact) { this.owner = owner; this.contact = contact; }

        @Override public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(owner, k.owner) && Objects.equals(contact, k.contact);
        }
        @Override public int hashCode() { return Objects.hash(owner, contact); }
    }
}
