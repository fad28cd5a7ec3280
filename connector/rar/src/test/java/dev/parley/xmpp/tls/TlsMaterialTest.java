package dev.parley.xmpp.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static KeyPair rsa;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
    }

    @Test
    void selfSignedIsGeneratedOnceAndReused(@TempDir Path dataDir) throws Exception {
        TlsMaterial first = TlsMaterial.selfSigned(dataDir, "example.com");
        Path store = dataDir.resolve("tls/example.com.p12");
        Path password = dataDir.resolve("tls/example.com.p12.password");
        assertTrue(Files.isRegularFile(store));
        assertTrue(Files.isRegularFile(password));

        TlsMaterial second = TlsMaterial.selfSigned(dataDir, "Example.COM.");
        assertEquals(first.certificate(), second.certificate());
        assertEquals(first.key(), second.key());
        assertArrayEquals(first.tlsServerEndPoint(), second.tlsServerEndPoint());

        // the generated store is a plain PKCS#12 file usable with its password file
        char[] pw = Files.readString(password).strip().toCharArray();
        assertEquals(first.certificate(), TlsMaterial.load(store, pw, null).certificate());

        if (POSIX) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(password);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), perms);
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(store));
            assertFalse(Files.getPosixFilePermissions(dataDir.resolve("tls")).contains(PosixFilePermission.OTHERS_READ));
        }
        try (var files = Files.list(dataDir.resolve("tls"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void concurrentStartsAgreeOnOneCertificate(@TempDir Path dataDir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<TlsMaterial>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tasks.add(() -> TlsMaterial.selfSigned(dataDir, "race.example"));
            }
            Set<X509Certificate> certs = pool.invokeAll(tasks).stream().map(f -> {
                try {
                    return f.get().certificate();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertEquals(1, certs.size());
            assertEquals(certs.iterator().next(), TlsMaterial.selfSigned(dataDir, "race.example").certificate());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void selfSignedCertificateContents(@TempDir Path dataDir) throws Exception {
        X509Certificate cert = TlsMaterial.selfSigned(dataDir, "chat.example.org").certificate();

        assertEquals(new X500Principal("CN=chat.example.org"), cert.getSubjectX500Principal());
        assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
        cert.verify(cert.getPublicKey());
        assertEquals("SHA256withRSA", cert.getSigAlgName());
        assertEquals("RSA", cert.getPublicKey().getAlgorithm());
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth EKU");
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");

        Duration validity = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        assertTrue(validity.toDays() >= 3650 && validity.toDays() <= 3655, "about ten years: " + validity);
        assertTrue(cert.getNotBefore().toInstant().isBefore(Instant.now()));

        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        List<Object> dns = sans.stream().filter(s -> (Integer) s.get(0) == 2).<Object>map(s -> s.get(1)).toList();
        assertEquals(List.of("chat.example.org", "*.chat.example.org"), dns);

        // read otherNames from the extension itself (the JDK's getSubjectAlternativeNames re-encodes them oddly)
        List<String> xmppAddrs = new ArrayList<>();
        List<String> srvNames = new ArrayList<>();
        GeneralNames names = GeneralNames.fromExtensions(
                new JcaX509CertificateHolder(cert).getExtensions(), Extension.subjectAlternativeName);
        for (GeneralName name : names.getNames()) {
            if (name.getTagNo() != GeneralName.otherName) {
                continue;
            }
            OtherName other = OtherName.getInstance(name.getName());
            String value = ((ASN1String) other.getValue()).getString();
            if (other.getTypeID().getId().equals("1.3.6.1.5.5.7.8.5")) {
                xmppAddrs.add(value);
            } else if (other.getTypeID().getId().equals("1.3.6.1.5.5.7.8.7")) {
                srvNames.add(value);
            }
        }
        assertEquals(List.of("chat.example.org"), xmppAddrs);
        assertEquals(List.of("_xmpp-client.chat.example.org", "_xmpp-server.chat.example.org"), srvNames);
    }

    @Test
    void ipLiteralDomainGetsAnIpAddressName(@TempDir Path dataDir) throws Exception {
        X509Certificate cert = TlsMaterial.selfSigned(dataDir, "[::1]").certificate();
        List<List<?>> ips = cert.getSubjectAlternativeNames().stream().filter(s -> (Integer) s.get(0) == 7).toList();
        assertEquals(1, ips.size());
        assertEquals("0:0:0:0:0:0:0:1", ips.get(0).get(1));
        assertTrue(cert.getSubjectAlternativeNames().stream().noneMatch(s -> (Integer) s.get(0) == 2), "no dNSName");
        try (var files = Files.list(dataDir.resolve("tls"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("___1_.p12")));
        }
    }

    @Test
    void selfSignedRejectsBadDomains(@TempDir Path dataDir) {
        assertThrows(IllegalArgumentException.class, () -> TlsMaterial.selfSigned(dataDir, ""));
        assertThrows(IllegalArgumentException.class, () -> TlsMaterial.selfSigned(dataDir, "../etc"));
        assertThrows(IllegalArgumentException.class, () -> TlsMaterial.selfSigned(dataDir, "a/b"));
    }

    @Test
    void loadsPkcs12MadeElsewhere(@TempDir Path dir) throws Exception {
        X509Certificate cert = certificate(rsa, "SHA256withRSA", "CN=configured.example");
        X509Certificate other = certificate(rsa, "SHA256withRSA", "CN=other.example");
        char[] pw = "secret".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("a-trusted-ca", other); // not a key entry: must be skipped
        ks.setKeyEntry("server", rsa.getPrivate(), pw, new Certificate[] {cert});
        Path file = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, pw);
        }

        TlsMaterial byDefault = TlsMaterial.load(file, pw, null);
        assertEquals(cert, byDefault.certificate());
        assertEquals(rsa.getPrivate(), byDefault.key());
        assertArrayEquals(new X509Certificate[] {cert}, byDefault.chain());

        assertEquals(cert, TlsMaterial.load(file, pw, "server").certificate());
        assertThrows(GeneralSecurityException.class, () -> TlsMaterial.load(file, pw, "a-trusted-ca"));
        assertThrows(GeneralSecurityException.class, () -> TlsMaterial.load(file, pw, "missing"));
        assertThrows(java.io.IOException.class, () -> TlsMaterial.load(file, "wrong".toCharArray(), null));
    }

    @Test
    void rejectsKeyThatDoesNotMatchCertificate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        X509Certificate cert = certificate(ec, "SHA256withECDSA", "CN=ec.example");
        KeyPair otherEc = g.generateKeyPair();
        assertThrows(GeneralSecurityException.class, () -> TlsMaterial.of(otherEc.getPrivate(), cert));
        assertEquals(cert, TlsMaterial.of(ec.getPrivate(), cert).certificate());
    }

    @Test
    void tlsServerEndPointIsSha256OfDerForSha256WithRsa(@TempDir Path dataDir) throws Exception {
        TlsMaterial material = TlsMaterial.selfSigned(dataDir, "example.net");
        assertEquals("SHA256withRSA", material.certificate().getSigAlgName());
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(material.certificate().getEncoded());
        assertArrayEquals(expected, material.tlsServerEndPoint());

        byte[] copy = material.tlsServerEndPoint();
        copy[0] ^= 1;
        assertNotEquals(copy[0], material.tlsServerEndPoint()[0], "returns a copy");
    }

    @Test
    void tlsServerEndPointHashFollowsSignatureAlgorithm() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair ec = g.generateKeyPair();
        X509Certificate ecdsa384 = certificate(ec, "SHA384withECDSA", "CN=ec.example");
        assertArrayEquals(MessageDigest.getInstance("SHA-384").digest(ecdsa384.getEncoded()),
                TlsMaterial.of(ec.getPrivate(), ecdsa384).tlsServerEndPoint());

        X509Certificate rsa512 = certificate(rsa, "SHA512withRSA", "CN=rsa.example");
        assertArrayEquals(MessageDigest.getInstance("SHA-512").digest(rsa512.getEncoded()),
                TlsMaterial.of(rsa.getPrivate(), rsa512).tlsServerEndPoint());

        // SHA-1 (and MD5) are upgraded to SHA-256; the JDK may refuse to sign with SHA-1, so
        // check the algorithm mapping directly when that is the case.
        X509Certificate sha1 = certificate(rsa, "SHA1withRSA", "CN=old.example");
        assertEquals("SHA-256", TlsMaterial.endPointDigestAlgorithm(sha1));
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(sha1.getEncoded()),
                TlsMaterial.of(rsa.getPrivate(), sha1).tlsServerEndPoint());
    }

    @Test
    void bouncyCastleIsNotRegisteredGlobally(@TempDir Path dataDir) throws Exception {
        TlsMaterial.selfSigned(dataDir, "example.org");
        assertEquals(null, Security.getProvider("BC"));
    }

    static X509Certificate certificate(KeyPair pair, String signatureAlgorithm, String dn) throws Exception {
        X500Name name = new X500Name(dn);
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(new SecureRandom().nextInt(1 << 30) + 1L),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic());
        var signer = new JcaContentSignerBuilder(signatureAlgorithm).build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
