package dev.parley.im.blocking;

import dev.parley.im.account.AccountService.AccountDeleted;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Blocklists in the database. {@link BlockingService} keeps them in memory; only changes come here. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class BlockStore {
    @PersistenceContext(unitName = "parley") EntityManager em;

    /** Every blocklist, by username, items in the order they were blocked. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Map<String, List<String>> loadAll() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (BlockItem b : em.createQuery("select b from BlockItem b order by b.id", BlockItem.class).getResultList()) {
            out.computeIfAbsent(b.getUsername(), k -> new ArrayList<>()).add(b.getJid());
        }
        return out;
    }

    public void add(String username, Collection<String> jids) {
        for (String j : jids) em.persist(new BlockItem(username, j));
    }

    public void remove(String username, Collection<String> jids) {
        if (jids.isEmpty()) return;
        em.createQuery("delete from BlockItem b where b.username = :u and b.jid in :j")
                .setParameter("u", username).setParameter("j", new ArrayList<>(jids)).executeUpdate();
    }

    public void removeAll(String username) {
        em.createQuery("delete from BlockItem b where b.username = :u").setParameter("u", username).executeUpdate();
    }

    /** The account is being deleted: its blocklist goes with it, in the same transaction. */
    public void onAccountDeleted(@Observes AccountDeleted event) {
        removeAll(event.username());
    }
}
