package dev.parley.im.shared;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A shared roster group: an organisation's way of making people see each other without asking.
 *
 * @param name        identifier (unique, used in the API)
 * @param displayName the roster group name members see their contacts under
 * @param everyone    whether every account of the domain is a member ({@code members} is then ignored)
 * @param visibleTo   names of the groups whose members get this group's members in their rosters; a group that lists
 *                    itself makes its members see each other
 * @param members     usernames (local parts), for a group that is not {@code everyone}
 */
public record SharedGroup(String name, String displayName, boolean everyone, Set<String> visibleTo, Set<String> members) {
    public SharedGroup {
        Objects.requireNonNull(name, "name");
        displayName = displayName == null || displayName.isBlank() ? name : displayName;
        visibleTo = Collections.unmodifiableSet(new LinkedHashSet<>(visibleTo == null ? Set.of() : visibleTo));
        members = everyone ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(members == null ? Set.of() : members));
    }

    public SharedGroup withMembers(Set<String> members) { return new SharedGroup(name, displayName, everyone, visibleTo, members); }
}
