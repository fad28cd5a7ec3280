package dev.parley.im.account;

import dev.parley.im.config.ServerSettings;
import dev.parley.xmpp.api.AccountCredentials;
import dev.parley.xmpp.jid.InvalidJidException;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.sasl.Scram;
import dev.parley.xmpp.sasl.ScramCredential;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Accounts: creation, removal, password changes and credential lookup for SASL. */
@Stateless
public class AccountService {
    @PersistenceContext(unitName = "parley") EntityManager em;
    @Inject ServerSettings settings;
    @Inject Event<AccountDeleted> deletedEvent;
    @Inject Event<AccountsCreated> createdEvent;

    /** Raised inside the deleting transaction so other stores remove the account's data with it. */
    public record AccountDeleted(String username) { }

    /** Raised inside the creating transaction; observers that act on it use {@code TransactionPhase.AFTER_SUCCESS}. */
    public record AccountsCreated(List<String> usernames) { }

    /** Normalised username (RFC 7622 localpart), or an exception if it cannot be a localpart. */
    public static String normalize(String username) {
        if (username == null || username.isEmpty()) throw new InvalidJidException("empty username");
        return Jid.of(username, "localhost", null).local();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public AccountCredentials credentials(String username) {
        Account a = em.find(Account.class, username);
        if (a == null) return null;
        return new AccountCredentials(a.getUsername(),
                new ScramCredential(ScramCredential.SHA1, a.getSha1Salt(), a.getIterations(), a.getSha1StoredKey(), a.getSha1ServerKey()),
                new ScramCredential(ScramCredential.SHA256, a.getSha256Salt(), a.getIterations(), a.getSha256StoredKey(), a.getSha256ServerKey()),
                a.isDisabled(), settings.storePasswords() ? a.getPlainPassword() : null);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean exists(String username) {
        return em.find(Account.class, username) != null;
    }

    /** Creates the account; false when it already exists. */
    public boolean create(String username, String password) {
        String u = normalize(username);
        if (em.find(Account.class, u) != null) return false;
        Account a = new Account(u);
        setCredentials(a, password);
        em.persist(a);
        createdEvent.fire(new AccountsCreated(List.of(u)));
        return true;
    }

    /** Precomputes credentials outside any transaction (the expensive part of bulk provisioning). */
    public Account prepare(String username, String password) {
        Account a = new Account(normalize(username));
        setCredentials(a, password);
        return a;
    }

    /** Persists prepared accounts that do not exist yet; returns how many were created. */
    public int persistAll(List<Account> accounts) {
        List<String> created = new java.util.ArrayList<>();
        for (Account a : accounts) {
            if (em.find(Account.class, a.getUsername()) == null) { em.persist(a); created.add(a.getUsername()); }
        }
        if (!created.isEmpty()) createdEvent.fire(new AccountsCreated(created));
        return created.size();
    }

    public boolean changePassword(String username, String password) {
        Account a = em.find(Account.class, username);
        if (a == null) return false;
        setCredentials(a, password);
        return true;
    }

    public boolean delete(String username) {
        Account a = em.find(Account.class, username);
        if (a == null) return false;
        deletedEvent.fire(new AccountDeleted(username));
        em.remove(a);
        return true;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean verifyPassword(String username, String password) {
        AccountCredentials c;
        try { c = credentials(normalize(username)); } catch (InvalidJidException e) { return false; }
        if (c == null || c.disabled()) return false;
        return c.password() != null ? c.passwordMatches(password) : Scram.verifyPlain(c.sha256(), password);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<String> list(int first, int max) {
        return em.createQuery("select a.username from Account a order by a.username", String.class)
                .setFirstResult(first).setMaxResults(max).getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long count() {
        return em.createQuery("select count(a) from Account a", Long.class).getSingleResult();
    }

    private void setCredentials(Account a, String password) {
        if (password == null || password.isEmpty()) throw new IllegalArgumentException("empty password");
        int it = settings.scramIterations();
        ScramCredential s1 = Scram.derive(ScramCredential.SHA1, password, Scram.newSalt(), it);
        ScramCredential s256 = Scram.derive(ScramCredential.SHA256, password, Scram.newSalt(), it);
        a.setIterations(it);
        a.setSha1(s1.salt(), s1.storedKey(), s1.serverKey());
        a.setSha256(s256.salt(), s256.storedKey(), s256.serverKey());
        a.setPlainPassword(settings.storePasswords() ? dev.parley.xmpp.jid.Jid.preparePassword(password) : null);
    }

    /**
     * With {@code xmpp.auth.password-format=scram}, removes passwords kept while the server was configured to keep
     * them, so that switching back leaves none in the database. Returns how many accounts had one.
     */
    public int forgetStoredPasswords() {
        if (settings.storePasswords()) return 0;
        return em.createQuery("update Account a set a.plainPassword = null where a.plainPassword is not null").executeUpdate();
    }
}
