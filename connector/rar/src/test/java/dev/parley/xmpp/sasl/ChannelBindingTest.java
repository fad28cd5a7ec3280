package dev.parley.xmpp.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChannelBindingTest {
    private static KeyPair ec;
    private static KeyPair rsa;
    private static KeyPair ed;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        ec = g.generateKeyPair();
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(1024);
        rsa = r.generateKeyPair();
        ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static X509Certificate certificate(KeyPair keys, String signatureAlgorithm) throws Exception {
        X500Name name = new X500Name("CN=example.com");
        Date now = new Date();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.getTime()), now,
                new Date(now.getTime() + 86_400_000L), name, keys.getPublic());
        var signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(new BouncyCastleProvider())
                .build(keys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static void assertEndPoint(KeyPair keys, String signatureAlgorithm, String expectedHash) throws Exception {
        X509Certificate cert = certificate(keys, signatureAlgorithm);
        assertEquals(expectedHash, ChannelBinding.endPointHash(cert), signatureAlgorithm);
        assertArrayEquals(MessageDigest.getInstance(expectedHash).digest(cert.getEncoded()),
                ChannelBinding.tlsServerEndPoint(cert), signatureAlgorithm);
    }

    @Test
    void hashFollowsTheSignatureAlgorithm() throws Exception {
        assertEndPoint(ec, "SHA256withECDSA", "SHA-256");
        assertEndPoint(ec, "SHA384withECDSA", "SHA-384");
        assertEndPoint(ec, "SHA512withECDSA", "SHA-512");
        assertEndPoint(rsa, "SHA256withRSA", "SHA-256");
        assertEndPoint(rsa, "SHA512withRSA", "SHA-512");
        assertEndPoint(rsa, "SHA384withRSAandMGF1", "SHA-384"); // RSASSA-PSS: hash from the parameters
    }

    @Test
    void md5AndSha1AreUpgradedToSha256() throws Exception {
        assertEndPoint(ec, "SHA1withECDSA", "SHA-256");
        assertEndPoint(rsa, "SHA1withRSA", "SHA-256");
        assertEndPoint(rsa, "MD5withRSA", "SHA-256");
    }

    @Test
    void undefinedForEdDsa() throws Exception {
        X509Certificate cert = certificate(ed, "Ed25519");
        assertNull(ChannelBinding.tlsServerEndPoint(cert));
    }

    @Test
    void bindsAScramPlusExchange() throws Exception {
        byte[] data = ChannelBinding.tlsServerEndPoint(certificate(ec, "SHA256withECDSA"));
        TestContext ctx = TestContext.tlsWithEndPoint(data).account("juliet", "pencil");
        SaslExchange ex = SaslMechanisms.defaults().start("SCRAM-SHA-256-PLUS", ctx);
        ScramClient client = new ScramClient(ScramCredential.SHA256, "p=tls-server-end-point,,", "juliet", "nonce", data);
        var first = (SaslExchange.Challenge) ex.evaluate(client.clientFirst());
        ex.evaluate(client.clientFinal(first.data(), "pencil"));
        assertEquals("juliet", ex.authenticatedUser());
    }
}
