package dev.parley.xmpp.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The server configuration, read once at activation from a key lookup (MicroProfile Config in the
 * container: system properties, environment variables, properties files). Every key and its default
 * is documented in config/CONFIGURATION.md; keep the two in step.
 */
public final class ServerConfig {
    public final String domain;
    public final String c2sAddress;
    public final int c2sPort;
    public final int directTlsPort;
    public final Path dataDir;
    public final String keystore;
    public final String keystorePassword;
    public final String keystoreAlias;
    public final boolean tlsRequired;
    public final boolean plaintextAuthAllowed;
    public final int maxAuthFailures;
    /** PLAIN passwords remembered as verified, in memory (0: off). */
    public final int plainCacheSize;
    public final int maxStanzaBytes;
    public final int maxResourcesPerAccount;
    public final int unauthenticatedTimeoutSeconds;
    public final boolean registrationEnabled;
    public final Set<String> admins;
    public final int ioThreads;
    public final int workers;
    public final int activeWorkers;
    public final int mailboxHighWatermark;
    public final List<String> saslMechanisms;
    public final int scramIterations;
    public final boolean strictChannelBinding;

    public static final String DEFAULT_MECHANISMS = "SCRAM-SHA-256-PLUS,SCRAM-SHA-256,SCRAM-SHA-1,PLAIN";

    public ServerConfig(Function<String, String> lookup) {
        Lookup l = new Lookup(lookup);
        domain = l.string("xmpp.domain", "localhost").toLowerCase(Locale.ROOT);
        c2sAddress = l.string("xmpp.c2s.address", "0.0.0.0");
        c2sPort = l.integer("xmpp.c2s.port", 5222, 0, 65535);
        directTlsPort = l.integer("xmpp.c2s.direct-tls-port", 5223, -1, 65535);
        String dir = l.string("xmpp.data.dir", null);
        if (dir == null) {
            String root = System.getProperty("com.sun.aas.instanceRoot");
            dataDir = root != null ? Path.of(root, "xmpp") : Path.of(System.getProperty("user.dir"), "data");
        } else {
            dataDir = Path.of(dir);
        }
        keystore = l.string("xmpp.tls.keystore", null);
        keystorePassword = l.string("xmpp.tls.keystore-password", "");
        keystoreAlias = l.string("xmpp.tls.keystore-alias", null);
        tlsRequired = l.bool("xmpp.tls.required", true);
        plaintextAuthAllowed = l.bool("xmpp.auth.allow-plaintext", false);
        maxAuthFailures = l.integer("xmpp.auth.max-failures", 3, 1, 100);
        plainCacheSize = l.integer("xmpp.auth.plain-cache-size", 100_000, 0, 10_000_000);
        // RFC 6120 §13.12: a server MUST NOT set the stanza limit below 10 000 bytes
        maxStanzaBytes = l.integer("xmpp.limits.max-stanza-bytes", 262_144, 10_000, 64 * 1024 * 1024);
        maxResourcesPerAccount = l.integer("xmpp.limits.max-resources", 10, 1, 10_000);
        unauthenticatedTimeoutSeconds = l.integer("xmpp.limits.unauthenticated-timeout", 30, 1, 3600);
        registrationEnabled = l.bool("xmpp.registration.enabled", false);
        List<String> a = new ArrayList<>();
        for (String s : l.string("xmpp.admins", "").split(",")) if (!s.isBlank()) a.add(s.trim().toLowerCase(Locale.ROOT));
        admins = Set.copyOf(a);
        // Event loops only tokenize and write; the workers do the rest. One loop per two cores: fewer loops
        // means fewer wake-ups per stanza (one loop on 2 cores carried 36 000 chat messages/s).
        ioThreads = l.integer("xmpp.io-threads", Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2)), 1, 64);
        workers = l.integer("xmpp.workers", 16, 1, 128);
        activeWorkers = l.integer("xmpp.workers.active", Runtime.getRuntime().availableProcessors(), 1, 128);
        mailboxHighWatermark = l.integer("xmpp.limits.mailbox", 2000, 10, 1_000_000);
        // SCRAM-SHA-1-PLUS is implemented but not offered by default: Smack (4.4, 4.5) computes the
        // tls-server-end-point binding with the wrong digest and then cannot log in at all.
        List<String> mechs = new ArrayList<>();
        for (String m : l.string("xmpp.sasl.mechanisms", DEFAULT_MECHANISMS).split(",")) if (!m.isBlank()) mechs.add(m.trim().toUpperCase(Locale.ROOT));
        saslMechanisms = List.copyOf(mechs);
        scramIterations = l.integer("xmpp.scram.iterations", 4096, 1, 1_000_000);
        strictChannelBinding = l.bool("xmpp.sasl.strict-channel-binding", false);
        if (!l.errors.isEmpty()) throw new IllegalArgumentException("Invalid configuration: " + String.join("; ", l.errors));
    }

    public List<String> describe() {
        return Collections.unmodifiableList(List.of(
                "domain=" + domain, "c2s=" + c2sAddress + ":" + c2sPort, "direct-tls=" + directTlsPort,
                "tls.required=" + tlsRequired, "auth.allow-plaintext=" + plaintextAuthAllowed,
                "registration=" + registrationEnabled, "sasl=" + saslMechanisms, "max-stanza-bytes=" + maxStanzaBytes,
                "data.dir=" + dataDir, "workers=" + workers + " (" + activeWorkers + " active)", "io-threads=" + ioThreads));
    }

    private static final class Lookup {
        final Function<String, String> f;
        final List<String> errors = new ArrayList<>();
        Lookup(Function<String, String> f) { this.f = f; }

        String string(String key, String def) {
            String v = f.apply(key);
            return v == null || v.isBlank() ? def : v.trim();
        }
        int integer(String key, int def, int min, int max) {
            String v = string(key, null);
            if (v == null) return def;
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) { errors.add(key + " must be between " + min + " and " + max + ": " + v); return def; }
                return i;
            } catch (NumberFormatException e) { errors.add(key + " is not a number: " + v); return def; }
        }
        boolean bool(String key, boolean def) {
            String v = string(key, null);
            if (v == null) return def;
            if (v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")) return true;
            if (v.equalsIgnoreCase("false") || v.equals("0") || v.equalsIgnoreCase("no")) return false;
            errors.add(key + " must be true or false: " + v);
            return def;
        }
    }
}
