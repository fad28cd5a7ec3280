package dev.parley.web.ws;

import dev.parley.xmpp.api.WebSocketSession;
import dev.parley.xmpp.api.XmppServer;
import jakarta.annotation.Resource;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * XMPP over WebSocket (RFC 7395) at {@code /xmpp-websocket}: a thin bridge between the container's
 * WebSocket and the connector's session core, which does all the XMPP (framing, negotiation, SASL,
 * bind, routing, limits). One instance per connection.
 */
@ServerEndpoint(value = XmppWebSocketEndpoint.PATH, subprotocols = {XmppWebSocketEndpoint.SUBPROTOCOL})
public class XmppWebSocketEndpoint {
    public static final String PATH = "/xmpp-websocket";
    /** RFC 7395 §3.1: the WebSocket subprotocol name registered for XMPP. */
    public static final String SUBPROTOCOL = "xmpp";
    static final String SERVER_JNDI = "java:app/parley/server";
    private static final Logger LOG = Logger.getLogger(XmppWebSocketEndpoint.class.getName());

    @Resource(lookup = SERVER_JNDI)
    XmppServer server;

    private volatile WebSocketSession stream;

    @OnOpen
    public void open(Session ws) {
        // RFC 7395 §3.1: without the xmpp subprotocol this is not an XMPP connection.
        if (!SUBPROTOCOL.equals(ws.getNegotiatedSubprotocol())) {
            close(ws, CloseCodes.PROTOCOL_ERROR, "the xmpp subprotocol is required (RFC 7395)");
            return;
        }
        XmppServer s = server();
        if (s == null || !s.listening()) {
            close(ws, CloseCodes.TRY_AGAIN_LATER, "the XMPP service is not running");
            return;
        }
        // An XMPP stream may idle for hours; liveness is the client's WebSocket pings or XEP-0199
        // pings (RFC 7395 §3.8), not a container timeout.
        ws.setMaxIdleTimeout(0);
        stream = s.openWebSocket(new WebSocketWriter(ws));
    }

    @OnMessage
    public void text(String message) {
        WebSocketSession st = stream;
        if (st != null) st.receive(message);
    }

    /** RFC 7395 §3.2: XMPP frames are text messages. */
    @OnMessage
    public void binary(ByteBuffer data, Session ws) {
        close(ws, CloseCodes.CANNOT_ACCEPT, "XMPP over WebSocket uses text messages (RFC 7395)");
    }

    @OnClose
    public void closed(Session ws, CloseReason reason) {
        WebSocketSession st = stream;
        if (st != null) st.closed();
    }

    @OnError
    public void error(Session ws, Throwable t) {
        LOG.log(Level.FINE, "WebSocket error", t);
        WebSocketSession st = stream;
        if (st != null && !ws.isOpen()) st.closed();
    }

    private XmppServer server() {
        if (server == null) {
            try {
                server = InitialContext.doLookup(SERVER_JNDI);
            } catch (NamingException e) {
                LOG.log(Level.WARNING, "XMPP connector not found at " + SERVER_JNDI, e);
            }
        }
        return server;
    }

    private static void close(Session ws, CloseCodes code, String reason) {
        try {
            ws.close(new CloseReason(code, reason));
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing a WebSocket", e);
        }
    }
}
