package dev.parley.im.admin;

import dev.parley.im.account.AccountService;
import dev.parley.im.config.ServerSettings;
import dev.parley.xmpp.jid.Jid;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Creates the admin accounts named in xmpp.admins that do not exist yet, with the password in
 * xmpp.admin.initial-password, so a fresh server can be administered (REST, XEP-0133) at once; and removes passwords
 * kept under {@code xmpp.auth.password-format=plain} once that is switched off.
 */
@Singleton
@Startup
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    @EJB AccountService accounts;
    @Inject ServerSettings settings;

    @PostConstruct
    void init() {
        int forgotten = accounts.forgetStoredPasswords();
        if (forgotten > 0) LOG.info("removed the stored passwords of " + forgotten + " accounts (xmpp.auth.password-format=scram)");
        String pw = settings.get("xmpp.admin.initial-password").orElse(null);
        if (pw == null) return;
        for (String admin : settings.admins()) {
            Jid j = Jid.parseOrNull(admin);
            if (j == null || j.local() == null || !j.domain().equals(settings.domain())) continue;
            if (accounts.create(j.local(), pw)) LOG.info("created admin account " + j);
        }
    }
}
