package dev.parley.xmpp.api;

/** Namespace names used across the server. */
public final class Ns {
    private Ns() { }
    public static final String CLIENT = "jabber:client";
    public static final String STREAM = "http://etherx.jabber.org/streams";
    public static final String STREAM_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String STANZA_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    public static final String SASL_CB = "urn:xmpp:sasl-cb:0";
    public static final String REGISTER = "jabber:iq:register";
    public static final String REGISTER_FEATURE = "http://jabber.org/features/iq-register";
    public static final String ROSTER = "jabber:iq:roster";
    public static final String ROSTER_VER_FEATURE = "urn:xmpp:features:rosterver";
    public static final String PRE_APPROVAL_FEATURE = "urn:xmpp:features:pre-approval";
    public static final String PING = "urn:xmpp:ping";
    public static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";
    public static final String DISCO_ITEMS = "http://jabber.org/protocol/disco#items";
    public static final String COMMANDS = "http://jabber.org/protocol/commands";
    public static final String DATA_FORMS = "jabber:x:data";
    public static final String VERSION = "jabber:iq:version";
    public static final String VCARD = "vcard-temp";
    public static final String DELAY = "urn:xmpp:delay";
    public static final String BLOCKING = "urn:xmpp:blocking";
    public static final String CARBONS = "urn:xmpp:carbons:2";
    public static final String FORWARD = "urn:xmpp:forward:0";
    public static final String OFFLINE = "msgoffline";
}
