package dev.parley.xmpp.sasl;

/**
 * The server side of one SASL authentication exchange.
 *
 * <p>Each client message ({@code <auth/>} initial response, then each {@code <response/>}) is passed,
 * base64-decoded, to {@link #evaluate}. A {@code null} response means the {@code <auth/>} element
 * carried no initial response at all (as opposed to an empty one, "="): a client-first mechanism then
 * answers with an empty challenge. Once {@link Success} has been returned, or a {@link SaslFailure}
 * thrown, the exchange is over and any further call fails with malformed-request.
 */
public interface SaslExchange {

    /** Processes the next client message. */
    Step evaluate(byte[] clientResponse) throws SaslFailure;

    /** The normalised username once the exchange has succeeded; null before. */
    String authenticatedUser();

    /** True once the exchange has succeeded. */
    boolean complete();

    /** What the server sends next. */
    sealed interface Step permits Challenge, Success {}

    /** Send {@code <challenge/>} with this data (possibly empty). */
    record Challenge(byte[] data) implements Step {
        public Challenge {
            data = data == null ? new byte[0] : data;
        }
    }

    /** Send {@code <success/>}, with additional data (e.g. SCRAM's server-final message) or null. */
    record Success(byte[] additionalData) implements Step {}
}
