package dev.parley.im.shared;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One member of a shared group. Written in JDBC batches by {@link SharedGroupStore}; mapped for the schema and reads. */
@Entity
@Table(name = "xmpp_shared_group_member", indexes = @Index(name = "xmpp_shared_group_member_user", columnList = "username"))
@IdClass(SharedGroupMember.Key.class)
public class SharedGroupMember {
    @Id @Column(name = "group_name", length = 255) private String groupName;
    @Id @Column(length = 1023) private String username;

    protected SharedGroupMember() { }

    public String getGroupName() { return groupName; }
    public String getUsername() { return username; }

    public static class Key implements Serializable {
        public String groupName;
        public String username;
        @Override public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupName, k.groupName) && Objects.equals(username, k.username);
        }
        @Override public int hashCode() { return Objects.hash(groupName, username); }
    }
}
