package dev.parley.im.integration;

/**
 * The integration destinations (broker-side names, for JMS clients outside the server) and the JNDI
 * names the application uses. Documented in README.md ("JMS integration").
 */
public final class JmsNames {
    private JmsNames() { }

    /** The resource adapter that provides JMS (deployed by the post-boot commands). */
    public static final String RA = "activemq-rar-6.1.8";

    /** Queue: messages to deliver to users (XMPP message stanza, MapMessage or TextMessage with properties). */
    public static final String INBOUND = "parley.inbound";
    /** Topic: one event per message accepted for a local user. */
    public static final String MESSAGE_EVENTS = "parley.events.message";
    /** Topic: one event per presence broadcast by a user. */
    public static final String PRESENCE_EVENTS = "parley.events.presence";

    public static final String CF_JNDI = "java:app/jms/parley/integration";
    public static final String MESSAGE_EVENTS_JNDI = "java:app/jms/parley/events/message";
    public static final String PRESENCE_EVENTS_JNDI = "java:app/jms/parley/events/presence";

    /** JMS properties on events and accepted by the inbound queue. */
    public static final String P_FROM = "xmppFrom", P_TO = "xmppTo", P_TYPE = "xmppType", P_DOMAIN = "xmppDomain",
            P_KIND = "xmppKind", P_ERROR = "xmppError";
}
