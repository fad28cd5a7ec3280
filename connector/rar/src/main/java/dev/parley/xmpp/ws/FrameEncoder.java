package dev.parley.xmpp.ws;

import dev.parley.xmpp.api.Ns;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts what the session core writes into RFC 7395 WebSocket messages. The core writes complete
 * top-level elements, sometimes several in one call (a stream error and its {@code <close/>}), and
 * serializes stanzas for a {@code jabber:client} stream, where the default namespace is inherited from
 * the stream header. RFC 7395 §3.3 wants every message to be one standalone element with its own
 * namespace declarations, so each top-level element becomes one message, an unprefixed root without
 * {@code xmlns} gets {@code xmlns='jabber:client'}, and a {@code stream:} root without a declaration of
 * that prefix gets one. Whitespace between elements is dropped: there are no whitespace keepalives over
 * WebSocket (RFC 7395 §3.8: WebSocket pings or XEP-0199 instead).
 *
 * <p>The input is XML that this server wrote (well-formed elements, no DTD); anything after an
 * unterminated construct is passed on as it is rather than lost.
 */
public final class FrameEncoder {
    private static final String STREAM_DECL = " xmlns:stream='" + Ns.STREAM + "'";
    private static final String CLIENT_DECL = " xmlns='" + Ns.CLIENT + "'";

    private FrameEncoder() { }

    /** The messages for {@code data}, in order. */
    public static List<String> frames(String data) {
        List<String> out = new ArrayList<>(1);
        final int n = data.length();
        int i = 0;
        int depth = 0;
        int start = -1;      // start of the current top-level element
        int nameEnd = -1;    // end of its name in the start tag
        String insert = null;
        while (i < n) {
            char c = data.charAt(i);
            if (c != '<') {
                if (depth == 0) {
                    if (!isSpace(c)) { // text outside any element: not ours to drop
                        int lt = data.indexOf('<', i);
                        int end = lt < 0 ? n : lt;
                        out.add(data.substring(i, end));
                        i = end;
                    } else {
                        i++;
                    }
                } else {
                    int lt = data.indexOf('<', i);
                    i = lt < 0 ? n : lt;
                }
                continue;
            }
            if (data.startsWith("<!--", i)) { i = skipPast(data, i, "-->"); continue; }
            if (data.startsWith("<![CDATA[", i)) { i = skipPast(data, i, "]]>"); continue; }
            if (data.startsWith("<?", i)) { i = skipPast(data, i, "?>"); continue; } // an XML declaration: not per message
            if (data.startsWith("</", i)) {
                i = skipPast(data, i, ">");
                if (--depth == 0) { emit(out, data, start, nameEnd, i, insert); start = -1; }
                if (depth < 0) depth = 0;
                continue;
            }
            // a start tag
            int tagStart = i;
            int p = i + 1;
            while (p < n && !isNameEnd(data.charAt(p))) p++;
            String name = data.substring(i + 1, p);
            boolean hasDefault = false;
            String prefixDecl = null;
            int colon = name.indexOf(':');
            if (colon > 0) prefixDecl = "xmlns:" + name.substring(0, colon);
            boolean hasPrefixDecl = false;
            boolean selfClosing = false;
            // attributes
            while (p < n) {
                char a = data.charAt(p);
                if (a == '>') { p++; break; }
                if (a == '/' && p + 1 < n && data.charAt(p + 1) == '>') { selfClosing = true; p += 2; break; }
                if (isSpace(a)) { p++; continue; }
                int eq = p;
                while (eq < n && data.charAt(eq) != '=' && !isSpace(data.charAt(eq)) && data.charAt(eq) != '>') eq++;
                String attr = data.substring(p, eq);
                if (attr.equals("xmlns")) hasDefault = true;
                if (attr.equals(prefixDecl)) hasPrefixDecl = true;
                while (eq < n && data.charAt(eq) != '\'' && data.charAt(eq) != '"' && data.charAt(eq) != '>') eq++;
                if (eq >= n || data.charAt(eq) == '>') { p = eq; continue; }
                char q = data.charAt(eq);
                int close = data.indexOf(q, eq + 1);
                p = close < 0 ? n : close + 1;
            }
            if (depth == 0) {
                start = tagStart;
                nameEnd = tagStart + 1 + name.length();
                if (colon < 0) insert = hasDefault ? null : CLIENT_DECL;
                else insert = !hasPrefixDecl && name.startsWith("stream:") ? STREAM_DECL : null;
            }
            i = p;
            if (selfClosing) {
                if (depth == 0) { emit(out, data, start, nameEnd, i, insert); start = -1; }
            } else {
                depth++;
            }
        }
        if (start >= 0) emit(out, data, start, nameEnd, n, insert); // unterminated: pass on what there is
        return out;
    }

    private static void emit(List<String> out, String data, int start, int nameEnd, int end, String insert) {
        out.add(insert == null ? data.substring(start, end)
                : data.substring(start, nameEnd) + insert + data.substring(nameEnd, end));
    }

    private static int skipPast(String data, int from, String terminator) {
        int k = data.indexOf(terminator, from);
        return k < 0 ? data.length() : k + terminator.length();
    }

    private static boolean isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

    private static boolean isNameEnd(char c) { return isSpace(c) || c == '/' || c == '>'; }
}
