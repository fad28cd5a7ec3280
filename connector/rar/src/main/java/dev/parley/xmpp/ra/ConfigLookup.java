package dev.parley.xmpp.ra;

import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Resolves configuration keys: activation-spec overrides first, then MicroProfile Config as the
 * application sees it (system properties, environment, the app's microprofile-config.properties),
 * falling back to system properties and environment variables when MP Config is not visible here.
 */
final class ConfigLookup {
    private static final Logger LOG = Logger.getLogger(ConfigLookup.class.getName());

    private ConfigLookup() { }

    static Function<String, String> forEndpoint(MessageEndpointFactory factory, XmppActivationSpec spec) {
        Function<String, String> base = plain();
        try {
            ClassLoader appLoader = factory.getEndpointClass() != null ? factory.getEndpointClass().getClassLoader() : null;
            Function<String, String> mp = MpConfig.lookup(appLoader);
            base = mp;
        } catch (Throwable t) { // NoClassDefFoundError when MP Config is not on this class path
            LOG.info("MicroProfile Config not visible to the connector, reading system properties and environment: " + t);
        }
        Function<String, String> b = base;
        return key -> {
            String v = spec.override(key);
            return v != null ? v : b.apply(key);
        };
    }

    static Function<String, String> plain() {
        return key -> {
            String v = System.getProperty(key);
            if (v == null) v = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            return v;
        };
    }

    /** Separate class so a missing MP Config API fails only here. */
    private static final class MpConfig {
        static Function<String, String> lookup(ClassLoader loader) {
            org.eclipse.microprofile.config.Config c = loader == null
                    ? org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    : org.eclipse.microprofile.config.ConfigProvider.getConfig(loader);
            return key -> c.getOptionalValue(key, String.class).orElse(null);
        }
    }
}
