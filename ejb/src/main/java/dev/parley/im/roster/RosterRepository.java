package dev.parley.im.roster;

import dev.parley.im.account.AccountService.AccountDeleted;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Roster rows in JPA. An owner's roster is read with ONE query; each change is written in its own transaction
 * (the cache writes through, see {@link RosterCache}).
 */
@Stateless
public class RosterRepository {
    /** Owners per IN list when loading in bulk. */
    private static final int IN_CHUNK = 500;

    @PersistenceContext(unitName = "parley") EntityManager em;

    /** Reads need no transaction; none is joined, so a caller's transaction never enlists the database for them. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<RosterRow> load(String owner) {
        List<RosterRecord> records = em.createQuery("select r from RosterRecord r where r.owner = :o", RosterRecord.class)
                .setParameter("o", owner)
                .setHint("eclipselink.read-only", "true")
                .getResultList();
        List<RosterRow> rows = new ArrayList<>(records.size());
        for (RosterRecord r : records) rows.add(r.toRow());
        return rows;
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Map<String, List<RosterRow>> loadAll(Collection<String> owners) {
        Map<String, List<RosterRow>> out = new HashMap<>();
        List<String> all = new ArrayList<>(owners);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            List<RosterRecord> records = em.createQuery("select r from RosterRecord r where r.owner in :o", RosterRecord.class)
                    .setParameter("o", all.subList(i, Math.min(all.size(), i + IN_CHUNK)))
                    .setHint("eclipselink.read-only", "true")
                    .getResultList();
            for (RosterRecord r : records) out.computeIfAbsent(r.getOwner(), k -> new ArrayList<>()).add(r.toRow());
        }
        return out;
    }

    /** Writes one owner's changes in a transaction of their own (the caller runs without one). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void write(String owner, RosterState.Changes changes) {
        List<String> contacts = new ArrayList<>(changes.deletes());
        for (RosterRow r : changes.upserts()) contacts.add(r.contact());
        Map<String, RosterRecord> existing = new HashMap<>();
        for (int i = 0; i < contacts.size(); i += IN_CHUNK) {
            em.createQuery("select r from RosterRecord r where r.owner = :o and r.contact in :c", RosterRecord.class)
                    .setParameter("o", owner).setParameter("c", contacts.subList(i, Math.min(contacts.size(), i + IN_CHUNK)))
                    .getResultList().forEach(r -> existing.put(r.getContact(), r));
        }
        for (String contact : changes.deletes()) {
            RosterRecord r = existing.get(contact);
            if (r != null) em.remove(r);
        }
        for (RosterRow row : changes.upserts()) {
            RosterRecord r = existing.get(row.contact());
            if (r != null) r.copy(row); else em.persist(new RosterRecord(owner, row));
        }
    }

    /** Writes several owners' changes in one transaction (bulk). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void writeAll(Map<String, RosterState.Changes> changes) {
        apply(changes);
    }

    private void apply(Map<String, RosterState.Changes> changes) {
        // rows that exist are loaded (managed) with one query per owner chunk, then updated in place; new rows are
        // persisted without a lookup; EclipseLink batches the statements (persistence.xml)
        List<String> owners = new ArrayList<>(changes.keySet());
        Map<RosterRecord.Key, RosterRecord> existing = new HashMap<>();
        for (int i = 0; i < owners.size(); i += IN_CHUNK) {
            List<String> chunk = owners.subList(i, Math.min(owners.size(), i + IN_CHUNK));
            boolean single = chunk.size() == 1;
            var q = em.createQuery(single ? "select r from RosterRecord r where r.owner = :o"
                    : "select r from RosterRecord r where r.owner in :o", RosterRecord.class);
            q.setParameter("o", single ? chunk.get(0) : chunk);
            for (RosterRecord r : q.getResultList()) existing.put(new RosterRecord.Key(r.getOwner(), r.getContact()), r);
        }
        for (Map.Entry<String, RosterState.Changes> e : changes.entrySet()) {
            String owner = e.getKey();
            for (String contact : e.getValue().deletes()) {
                RosterRecord r = existing.get(new RosterRecord.Key(owner, contact));
                if (r != null) em.remove(r);
            }
            for (RosterRow row : e.getValue().upserts()) {
                RosterRecord r = existing.get(new RosterRecord.Key(owner, row.contact()));
                if (r != null) r.copy(row); else em.persist(new RosterRecord(owner, row));
            }
        }
    }

    /** Deletes an account's roster inside the deleting transaction. */
    public void onAccountDeleted(@Observes AccountDeleted deleted) {
        em.createQuery("delete from RosterRecord r where r.owner = :o").setParameter("o", deleted.username()).executeUpdate();
    }

    /** Which of these usernames have an account (one query per chunk). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public java.util.Set<String> existingAccounts(Collection<String> usernames) {
        java.util.Set<String> out = new java.util.HashSet<>();
        List<String> all = new ArrayList<>(usernames);
        for (int i = 0; i < all.size(); i += IN_CHUNK) {
            out.addAll(em.createQuery("select a.username from Account a where a.username in :u", String.class)
                    .setParameter("u", all.subList(i, Math.min(all.size(), i + IN_CHUNK))).getResultList());
        }
        return out;
    }
}
