package dev.parley.im.admin;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.im.message.MessageService;
import dev.parley.im.route.LocalDelivery;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.xml.Element;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Messages from the server to its users, for administrators: each goes the way of the JMS inbound path
 * ({@link MessageService#deliverService}), delivered or stored offline. No transaction here: each stored
 * message commits on its own, so one failure does not undo the others.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AdminMessaging {
    private static final Logger LOG = Logger.getLogger(AdminMessaging.class.getName());
    /** Accounts read per query when every account gets the message. */
    static final int PAGE = 1000;

    @EJB MessageService messages;
    @EJB AccountService accounts;
    @Inject LocalDelivery delivery;
    @Inject ServerSettings settings;

    /**
     * Sends {@code body} (and {@code subject}) from the domain to every account with a session on this node
     * ({@code onlineOnly}), or to every account.
     */
    public Broadcasts.Result broadcast(String subject, String body, boolean onlineOnly) {
        String domain = settings.domain();
        String type = Broadcasts.type(onlineOnly);
        Broadcasts.Tally tally = new Broadcasts.Tally(type);
        if (onlineOnly) {
            for (Jid a : Broadcasts.onlineAccounts(delivery.registry().all())) send(tally, Broadcasts.message(domain, a, type, subject, body));
        } else {
            for (int first = 0; ; first += PAGE) {
                List<String> page = accounts.list(first, PAGE);
                for (String u : page) send(tally, Broadcasts.message(domain, Jid.of(u, domain, null), type, subject, body));
                if (page.size() < PAGE) break;
            }
        }
        Broadcasts.Result r = tally.result();
        if (tally.firstFailure() != null) {
            LOG.log(Level.WARNING, r.failed() + " of " + r.recipients() + " broadcast messages failed; the first:", tally.firstFailure());
        }
        LOG.info(() -> "admin broadcast (" + type + ") to " + r.recipients() + " accounts: " + r.delivered() + " delivered, " + r.stored() + " stored");
        return r;
    }

    private void send(Broadcasts.Tally tally, Element m) {
        try {
            tally.add(messages.deliverService(m));
        } catch (RuntimeException e) {
            // one account's failure (the database while storing) must not stop the others; counted, logged once
            tally.failed(e);
        }
    }
}
