package dev.parley.xmpp.sasl;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.xmpp.api.AccountCredentials;

/** A configurable {@link SaslContext} for tests. */
final class TestContext implements SaslContext {
    boolean strict;

    @Override public boolean strictChannelBinding() { return strict; }

    boolean secure;
    boolean plainAllowedWithoutTls;
    String domain = "example.com";
    final Map<String, byte[]> channelBindings = new LinkedHashMap<>();
    final Map<String, AccountCredentials> accounts = new HashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    static TestContext insecure() { return new TestContext(); }

    static TestContext tls() {
        TestContext c = new TestContext();
        c.secure = true;
        return c;
    }

    static TestContext tlsWithEndPoint(byte[] data) {
        TestContext c = tls();
        c.channelBindings.put(ChannelBinding.TLS_SERVER_END_POINT, data);
        return c;
    }

    TestContext account(String user, String password, boolean sha1, boolean sha256, boolean disabled) {
        accounts.put(user, new AccountCredentials(user,
                sha1 ? Scram.derive(ScramCredential.SHA1, password, Scram.newSalt(), 4096) : null,
                sha256 ? Scram.derive(ScramCredential.SHA256, password, Scram.newSalt(), 4096) : null,
                disabled));
        return this;
    }

    TestContext account(String user, String password) {
        return account(user, password, true, true, false);
    }

    @Override public boolean secure() { return secure; }
    @Override public byte[] channelBinding(String type) { return channelBindings.get(type); }
    @Override public Set<String> channelBindingTypes() { return channelBindings.keySet(); }
    @Override public boolean plainAllowedWithoutTls() { return plainAllowedWithoutTls; }
    @Override public String domain() { return domain; }

    @Override public AccountCredentials credentials(String normalizedUsername) {
        lookups.incrementAndGet();
        return accounts.get(normalizedUsername);
    }
}
