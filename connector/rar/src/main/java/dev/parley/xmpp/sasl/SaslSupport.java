package dev.parley.xmpp.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.parley.xmpp.jid.InvalidJidException;
import dev.parley.xmpp.jid.Jid;

/** Helpers shared by the mechanisms. */
final class SaslSupport {
    /** Upper bound for one client message; anything longer is refused unread. */
    static final int MAX_MESSAGE_BYTES = 8192;

    private SaslSupport() {}

    static SaslFailure malformed(String text) {
        return new SaslFailure(SaslFailure.Condition.MALFORMED_REQUEST, text);
    }

    static SaslFailure notAuthorized() {
        return new SaslFailure(SaslFailure.Condition.NOT_AUTHORIZED);
    }

    /** Strict UTF-8 decoding; malformed-request on invalid sequences or oversized input. */
    static String utf8(byte[] data) throws SaslFailure {
        if (data.length > MAX_MESSAGE_BYTES) throw malformed("message too long");
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("invalid UTF-8");
        }
    }

    /** Strict, non-empty base64 (RFC 4648 §4, padded); null if invalid. */
    static byte[] base64(String s) {
        if (s.isEmpty() || s.length() % 4 != 0) return null;
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether a client may act as the requested authorization identity: only as itself, named either
     * by its username or by its bare JID on the context's domain.
     *
     * @param authzid the requested identity; null or empty means "derive from the credentials"
     * @param user the normalised authentication identity, or null if it was not a valid username
     */
    static boolean authzidPermitted(String authzid, String user, SaslContext context) {
        if (authzid == null || authzid.isEmpty()) return true;
        if (user == null) return false;
        if (authzid.indexOf('@') < 0 && authzid.indexOf('/') < 0) {
            try {
                return Jid.normalizeUsername(authzid).equals(user);
            } catch (InvalidJidException e) {
                return false;
            }
        }
        Jid requested = Jid.parseOrNull(authzid);
        if (requested == null || !requested.isBare() || !user.equals(requested.local())) return false;
        String domain = context.domain();
        if (domain == null) return false;
        Jid own = Jid.parseOrNull(domain);
        return own != null && own.domain().equals(requested.domain());
    }
}
