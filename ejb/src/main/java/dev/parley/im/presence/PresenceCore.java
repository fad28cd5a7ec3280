package dev.parley.im.presence;

import dev.parley.im.account.AccountService;
import dev.parley.im.account.AccountService.AccountDeleted;
import dev.parley.im.blocking.BlockingService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.integration.EventPublisher;
import dev.parley.im.message.MessageService;
import dev.parley.im.roster.RosterService;
import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.Jid;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.List;

/** Wires the plain {@link PresenceEngine} to the container: sessions, accounts, blocking, JMS fan-out, offline messages. */
@ApplicationScoped
public class PresenceCore {
    @Inject LocalDelivery delivery;
    @Inject RosterService rosters;
    @Inject BlockingService blocking;
    @Inject ServerSettings settings;
    @EJB AccountService accounts;
    @EJB PresenceFanOut fanOut;
    @Inject EventPublisher events;
    @EJB MessageService messages;
    @Inject jakarta.enterprise.inject.Instance<dev.parley.im.shared.SharedGroups> sharedGroups; // lazy: it uses this bean

    private PresenceEngine engine;

    @PostConstruct
    void init() {
        engine = new PresenceEngine(new PresenceEnv() {
            @Override public List<XmppSession> sessions(Jid bare) { return delivery.sessions(bare); }
            @Override public XmppSession session(Jid full) { return delivery.session(full); }
            @Override public boolean accountExists(String username) { return accounts.exists(username); }
            @Override public boolean isBlocked(Jid user, Jid other) { return blocking.isBlocked(user, other); }
            @Override public void fanOut(FanOut message) {
                fanOut.publish(message);
                events.presenceBroadcast(message.sender(), message.xml());
            }
            @Override public void deliverOffline(XmppSession session) { messages.deliverOffline(session); }
            @Override public dev.parley.im.roster.SubscriptionPolicy subscriptionPolicy() { return sharedGroups.get().policy(); }
        }, rosters.manager());
    }

    public PresenceEngine engine() { return engine; }

    /** After a deletion committed: the account's available resources go unavailable for its contacts. */
    void accountDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccountDeleted deleted) {
        engine.accountDeleted(Jid.of(deleted.username(), settings.domain(), null));
    }
}
