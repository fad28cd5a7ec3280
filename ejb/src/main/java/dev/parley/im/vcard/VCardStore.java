package dev.parley.im.vcard;

import dev.parley.im.account.AccountService.AccountDeleted;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;

/** vCards in the database. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class VCardStore {
    @PersistenceContext(unitName = "parley") EntityManager em;

    /** The account's vCard XML, or null when it has none. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public String get(String username) {
        VCardEntry e = em.find(VCardEntry.class, username);
        return e == null ? null : e.getXml();
    }

    /** Replaces the account's vCard (XEP-0054 has no partial update). */
    public void put(String username, String xml) {
        VCardEntry e = em.find(VCardEntry.class, username);
        if (e == null) em.persist(new VCardEntry(username, xml, Instant.now()));
        else e.update(xml, Instant.now());
    }

    /** The account is being deleted: its vCard goes with it, in the same transaction. */
    public void onAccountDeleted(@Observes AccountDeleted event) {
        em.createQuery("delete from VCardEntry v where v.username = :u").setParameter("u", event.username()).executeUpdate();
    }
}
