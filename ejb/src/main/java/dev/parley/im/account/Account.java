package dev.parley.im.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A local account: SCRAM-SHA-1 and SCRAM-SHA-256 credentials (RFC 5802 §3). The password itself (prepared, RFC 8265)
 * is kept only where the operator chose {@code xmpp.auth.password-format=plain}; then PLAIN logins compare it, else
 * they are verified against the SCRAM-SHA-256 StoredKey.
 */
@Entity
@Table(name = "xmpp_account")
public class Account {
    @Id
    @Column(length = 1023)
    private String username;

    @Column(nullable = false) private int iterations;
    @Column(name = "sha1_salt", nullable = false, length = 64) private byte[] sha1Salt;
    @Column(name = "sha1_stored_key", nullable = false, length = 20) private byte[] sha1StoredKey;
    @Column(name = "sha1_server_key", nullable = false, length = 20) private byte[] sha1ServerKey;
    @Column(name = "sha256_salt", nullable = false, length = 64) private byte[] sha256Salt;
    @Column(name = "sha256_stored_key", nullable = false, length = 32) private byte[] sha256StoredKey;
    @Column(name = "sha256_server_key", nullable = false, length = 32) private byte[] sha256ServerKey;
    @Column(name = "plain_password", length = 1023) private String plainPassword;
    @Column(nullable = false) private boolean disabled;
    @Column(nullable = false) private Instant created;
    @Version private long version;

    protected Account() { }

    public Account(String username) { this.username = username; this.created = Instant.now(); }

    public String getUsername() { return username; }
    public int getIterations() { return iterations; }
    public void setIterations(int iterations) { this.iterations = iterations; }
    public byte[] getSha1Salt() { return sha1Salt; }
    public byte[] getSha1StoredKey() { return sha1StoredKey; }
    public byte[] getSha1ServerKey() { return sha1ServerKey; }
    public void setSha1(byte[] salt, byte[] storedKey, byte[] serverKey) { sha1Salt = salt; sha1StoredKey = storedKey; sha1ServerKey = serverKey; }
    public byte[] getSha256Salt() { return sha256Salt; }
    public byte[] getSha256StoredKey() { return sha256StoredKey; }
    public byte[] getSha256ServerKey() { return sha256ServerKey; }
    public void setSha256(byte[] salt, byte[] storedKey, byte[] serverKey) { sha256Salt = salt; sha256StoredKey = storedKey; sha256ServerKey = serverKey; }
    public String getPlainPassword() { return plainPassword; }
    public void setPlainPassword(String plainPassword) { this.plainPassword = plainPassword; }
    public boolean isDisabled() { return disabled; }
    public void setDisabled(boolean disabled) { this.disabled = disabled; }
    public Instant getCreated() { return created; }
}
