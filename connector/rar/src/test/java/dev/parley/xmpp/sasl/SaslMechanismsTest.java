package dev.parley.xmpp.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SaslMechanismsTest {
    private static final byte[] END_POINT = new byte[32];

    @Test
    void defaultOfferDependsOnTheConnection() {
        SaslMechanisms registry = SaslMechanisms.defaults();
        assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"),
                registry.offeredNames(TestContext.tlsWithEndPoint(END_POINT)));
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"), registry.offeredNames(TestContext.tls()));
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1"), registry.offeredNames(TestContext.insecure()));
        TestContext legacy = TestContext.insecure();
        legacy.plainAllowedWithoutTls = true;
        assertEquals(List.of("SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"), registry.offeredNames(legacy));
        assertEquals(5, registry.all().size());
        assertEquals(registry.offered(legacy).get(0), registry.get("SCRAM-SHA-256"));
    }

    @Test
    void configuredDefaults() {
        SaslMechanisms registry = SaslMechanisms.defaults("secret".getBytes(StandardCharsets.UTF_8), 10_000);
        assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"),
                registry.all().stream().map(SaslMechanism::name).toList());
    }

    @Test
    void lookupAndStart() throws Exception {
        SaslMechanisms registry = SaslMechanisms.defaults();
        assertNotNull(registry.get("PLAIN"));
        assertNull(registry.get("plain"));
        assertNull(registry.get("DIGEST-MD5"));
        assertNull(registry.get(null));
        assertInstanceOf(SaslExchange.class, registry.start("SCRAM-SHA-1", TestContext.insecure()));

        assertEquals(SaslFailure.Condition.INVALID_MECHANISM,
                assertThrows(SaslFailure.class, () -> registry.start("DIGEST-MD5", TestContext.tls())).condition());
        assertEquals(SaslFailure.Condition.ENCRYPTION_REQUIRED,
                assertThrows(SaslFailure.class, () -> registry.start("PLAIN", TestContext.insecure())).condition());
        assertEquals(SaslFailure.Condition.INVALID_MECHANISM,
                assertThrows(SaslFailure.class, () -> registry.start("SCRAM-SHA-256-PLUS", TestContext.tls())).condition());
        assertInstanceOf(SaslExchange.class, registry.start("SCRAM-SHA-256-PLUS", TestContext.tlsWithEndPoint(END_POINT)));
    }

    @Test
    void registrationOrderIsPreference() {
        SaslMechanisms registry = new SaslMechanisms()
                .register(new PlainMechanism())
                .register(new ScramMechanism(ScramCredential.SHA1, false));
        assertEquals(List.of("PLAIN", "SCRAM-SHA-1"), registry.offeredNames(TestContext.tls()));
        assertThrows(IllegalArgumentException.class, () -> registry.register(new PlainMechanism()));
    }

    @Test
    void failureConditionNames() {
        assertEquals(11, SaslFailure.Condition.values().length);
        for (SaslFailure.Condition c : SaslFailure.Condition.values()) {
            assertEquals(c, SaslFailure.Condition.fromElementName(c.elementName()));
            assertEquals(c.name().toLowerCase().replace('_', '-'), c.elementName());
        }
        SaslFailure f = new SaslFailure(SaslFailure.Condition.TEMPORARY_AUTH_FAILURE, "database down");
        assertEquals("temporary-auth-failure", f.conditionName());
        assertEquals("database down", f.text());
        assertNull(new SaslFailure(SaslFailure.Condition.ABORTED).text());
        assertNull(SaslFailure.Condition.fromElementName("bogus"));
    }
}
