package dev.parley.im.shared;

import jakarta.annotation.Resource;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The shared groups in the database. Membership changes go through JDBC batches on the same data source and
 * transaction as JPA, so adding thousands of members costs a few statements: one read of the current members, one
 * account check per {@value #CHUNK} names, one batch per {@value #CHUNK} rows. The statements are counted and
 * returned, so the bound is visible to the caller (and to the REST API).
 */
@Stateless
public class SharedGroupStore {
    static final int CHUNK = 1000;

    @PersistenceContext(unitName = "parley") EntityManager em;
    @Resource(lookup = "jdbc/parley") DataSource dataSource;

    /** What a membership change did. */
    public record Change(Set<String> changed, Set<String> unknown, int statements) { }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<SharedGroup> loadAll() {
        Map<String, Set<String>> members = new HashMap<>();
        for (SharedGroupMember m : em.createQuery("select m from SharedGroupMember m", SharedGroupMember.class).getResultList()) {
            members.computeIfAbsent(m.getGroupName(), k -> new LinkedHashSet<>()).add(m.getUsername());
        }
        List<SharedGroup> out = new ArrayList<>();
        for (SharedGroupRecord r : em.createQuery("select g from SharedGroupRecord g order by g.name", SharedGroupRecord.class).getResultList()) {
            out.add(r.toGroup(members.getOrDefault(r.getName(), Set.of())));
        }
        return out;
    }

    /** Every account name (for 'everyone' groups). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Set<String> accounts() {
        return new LinkedHashSet<>(em.createQuery("select a.username from Account a", String.class).getResultList());
    }

    /** Creates or updates a group's name, visibility and 'everyone' flag (not its members). */
    public void save(SharedGroup g) {
        SharedGroupRecord r = em.find(SharedGroupRecord.class, g.name());
        if (r == null) em.persist(new SharedGroupRecord(g)); else r.update(g);
    }

    /** Creates a group with its members in one transaction; false in {@code Change} terms if it exists (null). */
    public Change create(SharedGroup g) {
        if (em.find(SharedGroupRecord.class, g.name()) != null) return null;
        em.persist(new SharedGroupRecord(g));
        return g.everyone() || g.members().isEmpty() ? new Change(Set.of(), Set.of(), 1) : addMembers(g.name(), g.members());
    }

    public boolean exists(String name) { return em.find(SharedGroupRecord.class, name) != null; }

    public boolean delete(String name) {
        SharedGroupRecord r = em.find(SharedGroupRecord.class, name);
        if (r == null) return false;
        em.createQuery("delete from SharedGroupMember m where m.groupName = :g").setParameter("g", name).executeUpdate();
        em.remove(r);
        return true;
    }

    /** Adds accounts to a group; names without an account are skipped and reported. */
    public Change addMembers(String group, Collection<String> usernames) {
        em.flush(); // a group created in this transaction must be in the database before its members
        int statements = 0;
        try (Connection c = dataSource.getConnection()) {
            Set<String> current = currentMembers(c, group);
            statements++;
            List<String> wanted = new ArrayList<>(new LinkedHashSet<>(usernames));
            wanted.removeAll(current);
            Set<String> existing = new LinkedHashSet<>();
            for (int i = 0; i < wanted.size(); i += CHUNK) {
                List<String> part = wanted.subList(i, Math.min(wanted.size(), i + CHUNK));
                String sql = "select username from xmpp_account where username in (" + "?,".repeat(part.size() - 1) + "?)";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int k = 0; k < part.size(); k++) ps.setString(k + 1, part.get(k));
                    statements++;
                    try (ResultSet rs = ps.executeQuery()) { while (rs.next()) existing.add(rs.getString(1)); }
                }
            }
            Set<String> added = new LinkedHashSet<>();
            Set<String> unknown = new LinkedHashSet<>();
            for (String u : wanted) (existing.contains(u) ? added : unknown).add(u);
            statements += batch(c, "insert into xmpp_shared_group_member (group_name, username) values (?, ?)", group, added);
            return new Change(added, unknown, statements);
        } catch (SQLException e) {
            throw new EJBException("could not add members to shared group " + group, e);
        }
    }

    /** Removes members from a group; returns those that were members. */
    public Change removeMembers(String group, Collection<String> usernames) {
        int statements = 0;
        try (Connection c = dataSource.getConnection()) {
            Set<String> current = currentMembers(c, group);
            statements++;
            Set<String> removed = new LinkedHashSet<>(usernames);
            removed.retainAll(current);
            statements += batch(c, "delete from xmpp_shared_group_member where group_name = ? and username = ?", group, removed);
            return new Change(removed, Set.of(), statements);
        } catch (SQLException e) {
            throw new EJBException("could not remove members from shared group " + group, e);
        }
    }

    /** The account is being deleted: it leaves every group, in the deleting transaction. */
    public void onAccountDeleted(@jakarta.enterprise.event.Observes dev.parley.im.account.AccountService.AccountDeleted deleted) {
        em.createQuery("delete from SharedGroupMember m where m.username = :u").setParameter("u", deleted.username()).executeUpdate();
    }

    private static Set<String> currentMembers(Connection c, String group) throws SQLException {
        Set<String> current = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("select username from xmpp_shared_group_member where group_name = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) { while (rs.next()) current.add(rs.getString(1)); }
        }
        return current;
    }

    private static int batch(Connection c, String sql, String group, Collection<String> users) throws SQLException {
        if (users.isEmpty()) return 0;
        int statements = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int n = 0;
            for (String u : users) {
                ps.setString(1, group);
                ps.setString(2, u);
                ps.addBatch();
                if (++n % CHUNK == 0) { ps.executeBatch(); statements++; }
            }
            if (n % CHUNK != 0) { ps.executeBatch(); statements++; }
        }
        return statements;
    }

    // ------------------------------------------------------------------ settings

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public String setting(String name) {
        Setting s = em.find(Setting.class, name);
        return s == null ? null : s.getValue();
    }

    public void setting(String name, String value) {
        Setting s = em.find(Setting.class, name);
        if (s == null) em.persist(new Setting(name, value)); else s.setValue(value);
    }
}
