package dev.parley.xmpp.api;

/**
 * The connector as an administered object: what the application uses outside a listener call
 * (delivering presence fan-out from JMS, REST administration). Look it up by its JNDI name.
 */
public interface XmppServer {
    /** The XMPP domain this server serves (RFC 7622 normalised). */
    String domain();
    SessionRegistry registry();
    /** True once the c2s listeners are bound. */
    boolean listening();

    /**
     * Stream features (serialized elements) to offer after authentication besides bind and session, e.g.
     * {@code <ver xmlns='urn:xmpp:features:rosterver'/>}. Replaces what was advertised before; kept across
     * restarts of the listeners. A connector that cannot advertise features ignores it.
     */
    default void advertise(java.util.List<String> featureXml) { }
}
