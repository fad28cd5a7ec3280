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
    /** Connection, session and stanza counters of this node. */
    NodeStats stats();

    /**
     * Starts an XMPP stream over a WebSocket that negotiated the {@code xmpp} subprotocol (RFC 7395):
     * the same session core as TCP streams (negotiation, SASL, bind, routing, limits).
     *
     * @throws IllegalStateException when the connector is not active
     */
    WebSocketSession openWebSocket(WebSocketPeer peer);

    /**
     * Stream features (serialized elements) to offer after authentication besides bind and session, e.g.
     * {@code <ver xmlns='urn:xmpp:features:rosterver'/>}. Replaces what was advertised before; kept across
     * restarts of the listeners. A connector that cannot advertise features ignores it.
     */
    default void advertise(java.util.List<String> featureXml) { }
}
