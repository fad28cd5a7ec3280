package dev.parley.im.shared;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** A stored shared group without its members (those are rows of {@link SharedGroupMember}). */
@Entity
@Table(name = "xmpp_shared_group")
public class SharedGroupRecord {
    @Id @Column(length = 255) private String name;
    @Column(name = "display_name", length = 1023, nullable = false) private String displayName;
    @Column(nullable = false) private boolean everyone;
    /** Names of the groups this one is shown to, one per line. */
    @Column(name = "visible_to", length = 16384) private String visibleTo;

    protected SharedGroupRecord() { }

    public SharedGroupRecord(SharedGroup g) { this.name = g.name(); update(g); }

    public void update(SharedGroup g) {
        this.displayName = g.displayName();
        this.everyone = g.everyone();
        this.visibleTo = String.join("\n", g.visibleTo());
    }

    public String getName() { return name; }

    public SharedGroup toGroup(Set<String> members) {
        Set<String> v = new LinkedHashSet<>();
        if (visibleTo != null && !visibleTo.isEmpty()) v.addAll(Arrays.asList(visibleTo.split("\n")));
        return new SharedGroup(name, displayName, everyone, v, members);
    }
}
