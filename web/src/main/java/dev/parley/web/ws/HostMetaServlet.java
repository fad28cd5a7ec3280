package dev.parley.web.ws;

import dev.parley.xmpp.xml.Element;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * XEP-0156 (Discovering Alternative XMPP Connection Methods), HTTP lookup: the host-meta document
 * (RFC 6415, XRD and JSON) with the {@code urn:xmpp:alt-connections:websocket} link to
 * {@link XmppWebSocketEndpoint}. The link is {@code xmpp.websocket.url} when set (behind a reverse
 * proxy or TLS terminator), otherwise derived from the request: {@code wss:} over HTTPS, {@code ws:}
 * over HTTP, same host and port.
 */
@WebServlet(urlPatterns = {"/.well-known/host-meta", "/.well-known/host-meta.json"})
public class HostMetaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String REL = "urn:xmpp:alt-connections:websocket";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String url = configuredUrl().orElseGet(() -> derivedUrl(req));
        // XEP-0156 §3: browsers fetch this cross-origin
        resp.setHeader("Access-Control-Allow-Origin", "*");
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (req.getRequestURI().endsWith(".json")) {
            resp.setContentType("application/json");
            resp.getWriter().write("{\"links\":[{\"rel\":\"" + REL + "\",\"href\":\"" + json(url) + "\"}]}");
        } else {
            resp.setContentType("application/xrd+xml");
            resp.getWriter().write("<?xml version='1.0' encoding='utf-8'?>\n"
                    + "<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n"
                    + "  <Link rel='" + REL + "' href='" + Element.escape(url) + "'/>\n"
                    + "</XRD>\n");
        }
    }

    private static Optional<String> configuredUrl() {
        try {
            return ConfigProvider.getConfig().getOptionalValue("xmpp.websocket.url", String.class).filter(s -> !s.isBlank());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String derivedUrl(HttpServletRequest req) {
        String scheme = req.isSecure() ? "wss" : "ws";
        int port = req.getServerPort();
        boolean defaultPort = port <= 0 || (req.isSecure() ? port == 443 : port == 80);
        String host = req.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]"; // IPv6 literal
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + req.getContextPath() + XmppWebSocketEndpoint.PATH;
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
