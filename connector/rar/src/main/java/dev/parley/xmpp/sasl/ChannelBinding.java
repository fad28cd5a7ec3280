package dev.parley.xmpp.sasl;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;

import javax.net.ssl.SSLSession;

/** Channel-binding data for SCRAM -PLUS (RFC 5056). */
public final class ChannelBinding {
    /** RFC 5929 §4: hash of the server's end-entity certificate. */
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    private ChannelBinding() {}

    /**
     * tls-server-end-point data (RFC 5929 §4.1): the certificate's DER encoding hashed with the hash
     * function of its signature algorithm, MD5 and SHA-1 being replaced by SHA-256. Returns null when the
     * signature algorithm has no single hash function (e.g. Ed25519), for which the data is undefined.
     */
    public static byte[] tlsServerEndPoint(X509Certificate certificate) throws CertificateEncodingException {
        String hash = endPointHash(certificate);
        if (hash == null) return null;
        try {
            return MessageDigest.getInstance(hash).digest(certificate.getEncoded());
        } catch (java.security.NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * tls-server-end-point data for the server side of a TLS session (its own end-entity certificate),
     * or null if there is none or the data is undefined for it.
     */
    public static byte[] tlsServerEndPoint(SSLSession session) {
        Certificate[] local = session.getLocalCertificates();
        if (local == null || local.length == 0 || !(local[0] instanceof X509Certificate cert)) return null;
        try {
            return tlsServerEndPoint(cert);
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    /** The JCA name of the hash to use for tls-server-end-point, or null if undefined. */
    static String endPointHash(X509Certificate certificate) {
        String alg = certificate.getSigAlgName();
        if (alg == null) return null;
        alg = alg.toUpperCase(Locale.ROOT);
        if (alg.equals("RSASSA-PSS")) return pssHash(certificate.getSigAlgParams());
        int with = alg.indexOf("WITH");
        if (with <= 0) return null;
        return switch (alg.substring(0, with)) {
            case "MD2", "MD5", "SHA", "SHA1", "SHA-1" -> "SHA-256";
            case "SHA224", "SHA-224" -> "SHA-224";
            case "SHA256", "SHA-256" -> "SHA-256";
            case "SHA384", "SHA-384" -> "SHA-384";
            case "SHA512", "SHA-512" -> "SHA-512";
            case "SHA3-224" -> "SHA3-224";
            case "SHA3-256" -> "SHA3-256";
            case "SHA3-384" -> "SHA3-384";
            case "SHA3-512" -> "SHA3-512";
            default -> null;
        };
    }

    private static String pssHash(byte[] encodedParams) {
        if (encodedParams == null) return "SHA-256"; // RFC 4055 default is SHA-1, upgraded
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("RSASSA-PSS");
            params.init(encodedParams);
            String digest = params.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm();
            String d = digest.toUpperCase(Locale.ROOT).replace("-", "");
            return switch (d) {
                case "SHA1", "SHA", "MD5" -> "SHA-256";
                case "SHA224" -> "SHA-224";
                case "SHA256" -> "SHA-256";
                case "SHA384" -> "SHA-384";
                case "SHA512" -> "SHA-512";
                default -> null;
            };
        } catch (GeneralSecurityException | java.io.IOException e) {
            return null;
        }
    }
}
