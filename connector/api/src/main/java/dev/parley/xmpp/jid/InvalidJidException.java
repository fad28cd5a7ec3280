package dev.parley.xmpp.jid;

/** A string that is not a valid RFC 7622 address. */
public class InvalidJidException extends IllegalArgumentException {
    public InvalidJidException(String message) { super(message); }
    public InvalidJidException(String message, Throwable cause) { super(message, cause); }
}
