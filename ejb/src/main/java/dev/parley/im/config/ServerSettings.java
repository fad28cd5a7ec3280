package dev.parley.im.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The application's view of the configuration (same MicroProfile Config keys the connector reads;
 * see config/CONFIGURATION.md).
 */
@ApplicationScoped
public class ServerSettings {
    @Inject Config config;

    private String domain;
    private Set<String> admins;
    private int scramIterations;
    private boolean storePasswords;
    private boolean registrationEnabled;
    private int maxRosterItems;
    private int maxOfflineMessages;

    @PostConstruct
    void init() {
        domain = get("xmpp.domain").orElse("localhost").toLowerCase(Locale.ROOT);
        admins = Arrays.stream(get("xmpp.admins").orElse("").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .map(s -> s.contains("@") ? s : s + "@" + domain)
                .collect(Collectors.toUnmodifiableSet());
        scramIterations = Integer.parseInt(get("xmpp.scram.iterations").orElse("4096"));
        String format = get("xmpp.auth.password-format").orElse("scram").toLowerCase(Locale.ROOT);
        if (!format.equals("scram") && !format.equals("plain")) {
            throw new IllegalArgumentException("xmpp.auth.password-format must be scram or plain, not " + format);
        }
        storePasswords = format.equals("plain");
        registrationEnabled = Boolean.parseBoolean(get("xmpp.registration.enabled").orElse("false"));
        maxRosterItems = Integer.parseInt(get("xmpp.limits.max-roster-items").orElse("1000"));
        maxOfflineMessages = Integer.parseInt(get("xmpp.limits.max-offline-messages").orElse("1000"));
    }

    public Optional<String> get(String key) {
        return config.getOptionalValue(key, String.class).filter(s -> !s.isBlank()).map(String::trim);
    }

    public String domain() { return domain; }
    public Set<String> admins() { return admins; }
    public boolean isAdmin(String bareJid) { return bareJid != null && admins.contains(bareJid); }
    public int scramIterations() { return scramIterations; }
    /** Whether passwords are kept besides the SCRAM credentials ({@code xmpp.auth.password-format=plain}). */
    public boolean storePasswords() { return storePasswords; }
    public boolean registrationEnabled() { return registrationEnabled; }
    public int maxRosterItems() { return maxRosterItems; }
    public int maxOfflineMessages() { return maxOfflineMessages; }
}
