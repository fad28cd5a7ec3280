package dev.parley.xmpp.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's private key and certificate chain, plus the RFC 5929 {@code tls-server-end-point}
 * channel-binding data derived from the leaf certificate.
 *
 * <p>Either loaded from a configured PKCS#12 file ({@link #load}) or, when no certificate is
 * configured, a self-signed certificate generated once per domain and kept in the data directory
 * ({@link #selfSigned}).
 *
 * <p>Instances are immutable and thread-safe. BouncyCastle is used only to assemble the
 * certificate structure; keys, signatures and keystores use the JDK's own providers, and no JCA
 * provider is registered globally.
 */
public final class TlsMaterial {

    private static final System.Logger LOG = System.getLogger(TlsMaterial.class.getName());

    /** id-on-xmppAddr (RFC 6120 §13.7.1.4): otherName carrying the XMPP address, as UTF8String. */
    static final ASN1ObjectIdentifier ID_ON_XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    /** id-on-dnsSRV (RFC 4985): otherName carrying an SRV-ID such as {@code _xmpp-client.example.com}. */
    static final ASN1ObjectIdentifier ID_ON_DNS_SRV = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

    static final String KEY_ALGORITHM = "RSA";
    static final int KEY_SIZE = 2048;
    static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    static final int VALIDITY_YEARS = 10;
    /** Back-dating of notBefore, so that peers with a slightly slow clock accept a fresh certificate. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final String TLS_DIR = "tls";
    private static final String STORE_SUFFIX = ".p12";
    private static final String PASSWORD_SUFFIX = ".p12.password";
    private static final String LOCK_SUFFIX = ".lock";

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

    /** Serialises generation between threads of this JVM; the file lock covers other processes. */
    private static final Object GENERATION_LOCK = new Object();

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final byte[] tlsServerEndPoint;

    private TlsMaterial(PrivateKey key, X509Certificate[] chain) throws GeneralSecurityException {
        this.key = key;
        this.chain = chain;
        this.tlsServerEndPoint = computeTlsServerEndPoint(chain[0]);
    }

    /**
     * Wraps a key and its certificate chain (leaf first).
     *
     * @throws GeneralSecurityException if the chain is empty or the leaf certificate does not match the key
     */
    public static TlsMaterial of(PrivateKey key, X509Certificate... chain) throws GeneralSecurityException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.length == 0) {
            throw new GeneralSecurityException("empty certificate chain");
        }
        X509Certificate[] copy = chain.clone();
        for (X509Certificate c : copy) {
            Objects.requireNonNull(c, "certificate in chain");
        }
        checkKeyMatchesCertificate(key, copy[0]);
        return new TlsMaterial(key, copy);
    }

    /**
     * Loads the key entry {@code alias} from a PKCS#12 file. The key is expected to be protected
     * by the store password (as PKCS#12 tools produce it).
     *
     * @param pkcs12 the keystore file
     * @param password the store (and key) password; may be {@code null} for an unprotected store
     * @param alias the key entry to use, or {@code null} for the first key entry in the store
     * @throws IOException if the file cannot be read or the password is wrong
     * @throws GeneralSecurityException if there is no usable key entry or key and certificate do not match
     */
    public static TlsMaterial load(Path pkcs12, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        Objects.requireNonNull(pkcs12, "pkcs12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            store.load(in, password);
        }
        String entry = alias != null ? alias : firstKeyAlias(store, pkcs12);
        if (!store.isKeyEntry(entry)) {
            throw new GeneralSecurityException("no key entry '" + entry + "' in " + pkcs12);
        }
        java.security.Key k;
        try {
            k = store.getKey(entry, password);
        } catch (UnrecoverableKeyException e) {
            throw new GeneralSecurityException("cannot recover key '" + entry + "' in " + pkcs12
                    + " with the store password", e);
        }
        if (!(k instanceof PrivateKey privateKey)) {
            throw new GeneralSecurityException("entry '" + entry + "' in " + pkcs12 + " is not a private key");
        }
        Certificate[] certs = store.getCertificateChain(entry);
        if (certs == null || certs.length == 0) {
            throw new GeneralSecurityException("no certificate chain for '" + entry + "' in " + pkcs12);
        }
        X509Certificate[] x509 = new X509Certificate[certs.length];
        for (int i = 0; i < certs.length; i++) {
            if (!(certs[i] instanceof X509Certificate c)) {
                throw new GeneralSecurityException("non-X.509 certificate in chain of '" + entry + "' in " + pkcs12);
            }
            x509[i] = c;
        }
        return of(privateKey, x509);
    }

    private static String firstKeyAlias(KeyStore store, Path file) throws GeneralSecurityException {
        for (String a : Collections.list(store.aliases())) {
            if (store.isKeyEntry(a)) {
                return a;
            }
        }
        throw new GeneralSecurityException("no key entry in " + file);
    }

    /**
     * The self-signed certificate for {@code domain}, kept in {@code dataDir/tls/<domain>.p12}
     * with its random store password in {@code dataDir/tls/<domain>.p12.password}.
     *
     * <p>On first use (or once the stored certificate has expired) a new RSA 2048 key and a
     * SHA256withRSA certificate valid for ten years are generated: CN and dNSName {@code domain},
     * dNSName {@code *.domain}, the XMPP xmppAddr and SRV-ID ({@code _xmpp-client},
     * {@code _xmpp-server}) names, EKU serverAuth and clientAuth (the latter for outgoing
     * server-to-server links). Both files are written to temporary files and moved into place,
     * password first and keystore last, under a lock file, so concurrent starts (threads or
     * processes) agree on one certificate and a crash never leaves a half-written keystore. On
     * POSIX file systems the directory (when created here) and both files are owner-only.
     *
     * <p>Internationalised domains are stored under their ASCII (A-label) form.
     *
     * @throws IllegalArgumentException if {@code domain} is not a usable domain name
     * @throws IOException if an existing keystore cannot be read (it is never overwritten unless
     *         its certificate has expired) or the files cannot be written
     */
    public static TlsMaterial selfSigned(Path dataDir, String domain) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(dataDir, "dataDir");
        String name = normaliseDomain(domain);
        Path dir = dataDir.resolve(TLS_DIR);
        String base = fileSafe(name);
        Path store = dir.resolve(base + STORE_SUFFIX);
        Path passwordFile = dir.resolve(base + PASSWORD_SUFFIX);

        if (Files.exists(store)) {
            TlsMaterial existing = loadGenerated(store, passwordFile);
            if (!expired(existing)) {
                return existing;
            }
        }
        createPrivateDirectories(dir);
        synchronized (GENERATION_LOCK) {
            try (FileChannel lockChannel = openLockFile(dir.resolve("." + base + LOCK_SUFFIX));
                 FileLock ignored = tryLock(lockChannel)) {
                if (Files.exists(store)) { // someone else won the race
                    TlsMaterial existing = loadGenerated(store, passwordFile);
                    if (!expired(existing)) {
                        return existing;
                    }
                    LOG.log(System.Logger.Level.WARNING,
                            "Self-signed certificate in {0} expired on {1}; generating a new one",
                            store, existing.certificate().getNotAfter());
                }
                return generate(name, store, passwordFile);
            }
        }
    }

    private static TlsMaterial generate(String domain, Path store, Path passwordFile)
            throws IOException, GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
        generator.initialize(KEY_SIZE, random);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = selfSignedCertificate(domain, pair, random);

        byte[] pwBytes = new byte[32];
        random.nextBytes(pwBytes);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(pwBytes).toCharArray();

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        ks.setKeyEntry(domain, pair.getPrivate(), password, new Certificate[] {certificate});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);

        byte[] passwordBytes = (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII);
        // Password first: the keystore is the commit point, so whenever it exists its password does too.
        writeAtomically(passwordFile, passwordBytes);
        writeAtomically(store, out.toByteArray());
        Arrays.fill(password, '\0');
        Arrays.fill(passwordBytes, (byte) 0);

        LOG.log(System.Logger.Level.INFO,
                "Generated self-signed certificate for {0} in {1} (SHA-256 fingerprint {2})",
                domain, store, fingerprint(certificate));
        return new TlsMaterial(pair.getPrivate(), new X509Certificate[] {certificate});
    }

    static X509Certificate selfSignedCertificate(String domain, KeyPair pair, SecureRandom random)
            throws GeneralSecurityException {
        X500NameBuilder nameBuilder = new X500NameBuilder(BCStyle.INSTANCE);
        if (domain.length() <= 64) { // ub-common-name
            nameBuilder.addRDN(BCStyle.CN, domain);
        } else {
            nameBuilder.addRDN(BCStyle.O, "Parley self-signed");
        }
        X500Name subject = nameBuilder.build();
        Instant now = Instant.now();
        Date notBefore = Date.from(now.minus(BACKDATE));
        Date notAfter = Date.from(now.atOffset(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant());
        BigInteger serial = new BigInteger(1, randomBytes(random, 16)).setBit(0); // positive, non-zero, <= 20 octets

        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, serial, notBefore, notAfter, subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(domain));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(pair.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(pair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot build self-signed certificate for " + domain, e);
        }
    }

    private static GeneralNames subjectAltNames(String domain) {
        List<GeneralName> names = new ArrayList<>();
        String literal = ipLiteral(domain);
        if (literal != null) {
            names.add(new GeneralName(GeneralName.iPAddress, literal));
        } else {
            names.add(new GeneralName(GeneralName.dNSName, domain));
            names.add(new GeneralName(GeneralName.dNSName, "*." + domain));
            names.add(otherName(ID_ON_DNS_SRV, new DERIA5String("_xmpp-client." + domain)));
            names.add(otherName(ID_ON_DNS_SRV, new DERIA5String("_xmpp-server." + domain)));
        }
        names.add(otherName(ID_ON_XMPP_ADDR, new DERUTF8String(IDN.toUnicode(domain, IDN.ALLOW_UNASSIGNED))));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static GeneralName otherName(ASN1ObjectIdentifier type, ASN1Encodable value) {
        // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
        return new GeneralName(GeneralName.otherName,
                new DERSequence(new ASN1Encodable[] {type, new DERTaggedObject(true, 0, value)}));
    }

    private static String ipLiteral(String domain) {
        if (domain.startsWith("[") && domain.endsWith("]")) {
            return domain.substring(1, domain.length() - 1);
        }
        return IPV4.matcher(domain).matches() ? domain : null;
    }

    /** Lower-cases, drops a trailing dot and converts to the ASCII (A-label) form. */
    static String normaliseDomain(String domain) {
        Objects.requireNonNull(domain, "domain");
        String d = domain.strip();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        if (d.startsWith("[") && d.endsWith("]") && d.indexOf(':') > 0) {
            return d.toLowerCase(Locale.ROOT);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid domain name: " + domain, e);
        }
        if (ascii.isEmpty() || ascii.length() > 253 || ascii.startsWith(".") || ascii.contains("..")
                || !ascii.matches("[a-z0-9._-]+")) {
            throw new IllegalArgumentException("not a valid domain name: " + domain);
        }
        return ascii;
    }

    private static String fileSafe(String name) {
        return name.replaceAll("[^a-z0-9._-]", "_");
    }

    private static TlsMaterial loadGenerated(Path store, Path passwordFile) throws IOException, GeneralSecurityException {
        char[] password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip().toCharArray();
        } catch (NoSuchFileException e) {
            throw new IOException("keystore " + store + " exists but its password file " + passwordFile
                    + " is missing; remove the keystore to have a new certificate generated", e);
        }
        try {
            return load(store, password, null);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static boolean expired(TlsMaterial material) {
        return material.certificate().getNotAfter().before(new Date());
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (POSIX) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectory(dir);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_FILE)}
                : new FileAttribute<?>[0];
    }

    private static FileChannel openLockFile(Path lockFile) throws IOException {
        return FileChannel.open(lockFile,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnly());
    }

    /** Locks against other processes; on file systems without locking, the in-JVM lock has to do. */
    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.lock();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "file locking unavailable, relying on in-process lock", e);
            return null;
        }
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", ownerOnly());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Signs and verifies a probe, so a keystore whose key and certificate differ fails early. */
    private static void checkKeyMatchesCertificate(PrivateKey key, X509Certificate certificate)
            throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null; // e.g. RSASSA-PSS keys need parameters; leave those to the handshake
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "parley key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("private key does not match certificate "
                    + certificate.getSubjectX500Principal());
        }
    }

    /** RFC 5929 §4.1 tls-server-end-point: hash of the certificate's DER encoding. */
    private static byte[] computeTlsServerEndPoint(X509Certificate certificate) throws GeneralSecurityException {
        try {
            return MessageDigest.getInstance(endPointDigestAlgorithm(certificate)).digest(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /**
     * The hash function of the certificate's signature algorithm, with MD5 and SHA-1 replaced by
     * SHA-256 (RFC 5929 §4.1). For signature algorithms without a single hash function, which the
     * RFC leaves undefined, Ed25519 maps to SHA-512 (as OpenSSL does) and anything else to SHA-256.
     */
    static String endPointDigestAlgorithm(X509Certificate certificate) throws GeneralSecurityException {
        String name = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        if (name.equals("RSASSA-PSS") || certificate.getSigAlgOID().equals("1.2.840.113549.1.1.10")) {
            byte[] params = certificate.getSigAlgParams();
            if (params == null) {
                return "SHA-256";
            }
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
            try {
                parameters.init(params);
            } catch (IOException e) {
                throw new GeneralSecurityException("bad RSASSA-PSS parameters", e);
            }
            return normaliseHash(parameters.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm());
        }
        if (name.equals("ED25519")) {
            return "SHA-512";
        }
        int with = name.indexOf("WITH");
        return with > 0 ? normaliseHash(name.substring(0, with)) : "SHA-256";
    }

    private static String normaliseHash(String hash) {
        String h = hash.toUpperCase(Locale.ROOT);
        return switch (h) {
            case "MD2", "MD5", "SHA1", "SHA-1", "SHA" -> "SHA-256";
            case "SHA224", "SHA-224" -> "SHA-224";
            case "SHA256", "SHA-256" -> "SHA-256";
            case "SHA384", "SHA-384" -> "SHA-384";
            case "SHA512", "SHA-512" -> "SHA-512";
            default -> h.startsWith("SHA3-") || h.startsWith("SHA-512/") ? h : "SHA-256";
        };
    }

    private static byte[] randomBytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            return "?";
        }
    }

    /** The private key matching {@link #certificate()}. */
    public PrivateKey key() {
        return key;
    }

    /** The certificate chain, leaf first (a copy). */
    public X509Certificate[] chain() {
        return chain.clone();
    }

    /** The leaf (server) certificate. */
    public X509Certificate certificate() {
        return chain[0];
    }

    /**
     * RFC 5929 §4.1 {@code tls-server-end-point} channel-binding data for the leaf certificate,
     * for SCRAM-*-PLUS (a copy).
     */
    public byte[] tlsServerEndPoint() {
        return tlsServerEndPoint.clone();
    }

    @Override
    public String toString() {
        X509Certificate c = certificate();
        return "TlsMaterial[" + c.getSubjectX500Principal().getName() + ", expires " + c.getNotAfter().toInstant()
                + ", SHA-256 " + fingerprint(c) + "]";
    }
}
