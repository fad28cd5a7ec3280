package dev.parley.im.message;

import dev.parley.im.account.Account;
import dev.parley.im.account.AccountService.AccountDeleted;
import dev.parley.xmpp.api.XmppSession;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline message storage (XEP-0160). Every method runs in its own transaction (REQUIRED, called from
 * the non-transactional message service), and only when no resource can take a message: the
 * delivery of a message between two online users never comes here.
 *
 * <p>Both storing and handing over lock the recipient's account row first, so the per-account limit
 * holds under concurrent senders and two resources that become available at once cannot both take
 * the same messages.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class OfflineStore {
    @PersistenceContext(unitName = "parley") EntityManager em;

    public enum Result { STORED, FULL, NO_SUCH_ACCOUNT }

    /**
     * Stores {@code stanza} (serialized, delay already added) for {@code username}, in this transaction:
     * the message is accepted exactly when this commits.
     */
    public Result store(String username, String stanza, java.time.Instant now, int limit) {
        Account account = em.find(Account.class, username, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) return Result.NO_SUCH_ACCOUNT;
        long stored = em.createQuery("select count(m) from OfflineMessage m where m.username = :u", Long.class)
                .setParameter("u", username).getSingleResult();
        if (!OfflineRules.hasRoom(stored, limit)) return Result.FULL;
        em.persist(new OfflineMessage(username, now, stanza));
        return Result.STORED;
    }

    /**
     * Hands the account's stored messages to {@code session}, oldest first, and deletes those it wrote,
     * in one transaction. Each message is deleted only after its write was queued on the session, and
     * the deletion commits after all writes: a failure before the commit leaves every message stored, so
     * it is delivered again on the next login (at-least-once). Returns how many were handed over.
     */
    public int handOver(String username, XmppSession session) {
        Account account = em.find(Account.class, username, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) return 0;
        List<OfflineMessage> messages = em.createQuery(
                "select m from OfflineMessage m where m.username = :u order by m.id", OfflineMessage.class)
                .setParameter("u", username).getResultList();
        List<Long> sent = new ArrayList<>(messages.size());
        for (OfflineMessage m : messages) {
            if (!session.isOpen()) break; // a write on a closed session is dropped: keep the rest stored
            session.sendRaw(m.getStanza());
            sent.add(m.getId());
        }
        for (int i = 0; i < sent.size(); i += 500) {
            em.createQuery("delete from OfflineMessage m where m.id in :ids")
                    .setParameter("ids", sent.subList(i, Math.min(sent.size(), i + 500))).executeUpdate();
        }
        return sent.size();
    }

    /**
     * Whether anything is stored for the account: a read without a transaction or lock, so that the login of an
     * account with nothing stored (the common case) costs one indexed lookup instead of a locking transaction.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean hasAny(String username) {
        return em.createNamedQuery(OfflineMessage.FIRST_ID, Long.class).setParameter("u", username).getSingleResult() != null;
    }

    /** How many messages are stored for the account. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long count(String username) {
        return em.createQuery("select count(m) from OfflineMessage m where m.username = :u", Long.class)
                .setParameter("u", username).getSingleResult();
    }

    /** How many messages are stored for all accounts (a metrics gauge; its caller caches it, it is a full count). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long countAll() {
        return em.createQuery("select count(m) from OfflineMessage m", Long.class).getSingleResult();
    }

    /** The account is being deleted: its stored messages go with it, in the same transaction. */
    public void onAccountDeleted(@Observes AccountDeleted event) {
        em.createQuery("delete from OfflineMessage m where m.username = :u").setParameter("u", event.username()).executeUpdate();
    }
}
