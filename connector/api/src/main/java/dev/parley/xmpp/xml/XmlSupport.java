package dev.parley.xmpp.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import org.codehaus.stax2.XMLInputFactory2;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * Shared Aalto configuration, error mapping and element assembly for {@link XmlStreamTokenizer}
 * and {@link XmlParser}.
 */
final class XmlSupport {
    /** Maximum element nesting inside a stanza (the stanza element itself is level 1). */
    static final int MAX_DEPTH = 64;

    private static final InputFactoryImpl FACTORY = newFactory();

    private XmlSupport() {}

    private static InputFactoryImpl newFactory() {
        InputFactoryImpl f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        // Never process DTDs; a DOCTYPE is reported as a DTD event, which we reject.
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        // Never expand entities: anything other than the predefined five (and character
        // references) comes back as an ENTITY_REFERENCE event, which we reject.
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        // Coalescing is not implemented by the async scanner; text arrives in pieces.
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        // Lazy parsing stays on (the default): with it off, Aalto 1.3.3's async scanner fails with
        // an internal error on text that starts with a character reference. The ending byte
        // offset of a lazily parsed text event is still exact: asking for it completes the token.
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, Boolean.TRUE);
        // CDATA is legal in XMPP; it is plain text to us.
        f.setProperty(XMLInputFactory2.P_REPORT_CDATA, Boolean.FALSE);
        return f;
    }

    /** A fresh non-blocking reader; the configured factory is safe to share between threads. */
    static AsyncXMLStreamReader<AsyncByteArrayFeeder> newAsyncReader() {
        return FACTORY.createAsyncForByteArray();
    }

    /**
     * Maps an Aalto failure. Aalto cannot report an entity reference inside an attribute value as
     * an event: with entity replacement off it throws, and its message is the only marker. The
     * same holds for an XML declaration naming an encoding the async scanner cannot decode
     * (anything but UTF-8, US-ASCII and ISO-8859-1).
     */
    static XmppStreamException mapAaltoFailure(Exception e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.startsWith("Unsupported encoding")) { // a declared encoding the async scanner cannot read
            return new XmppStreamException(XmppStreamException.UNSUPPORTED_ENCODING, firstLine(msg), e);
        }
        if (msg.contains("Unexpanded ENTITY_REFERENCE")) {
            return new XmppStreamException(XmppStreamException.RESTRICTED_XML,
                    "entity references are not allowed: " + firstLine(msg), e);
        }
        return new XmppStreamException(XmppStreamException.NOT_WELL_FORMED, firstLine(msg), e);
    }

    static XmppStreamException restricted(int eventType) {
        String what = switch (eventType) {
            case XMLStreamConstants.DTD -> "document type declarations";
            case XMLStreamConstants.COMMENT -> "comments";
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> "processing instructions";
            case XMLStreamConstants.ENTITY_REFERENCE -> "entity references";
            default -> "event type " + eventType;
        };
        return new XmppStreamException(XmppStreamException.RESTRICTED_XML, what + " are not allowed in XMPP");
    }

    static XmppStreamException unsupportedEncoding(String what) {
        return new XmppStreamException(XmppStreamException.UNSUPPORTED_ENCODING, what);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Whether the XML declaration's encoding, if any, is acceptable. */
    static boolean isUtf8(String declared) {
        return declared == null || declared.equalsIgnoreCase("UTF-8");
    }

    /** Aalto async scanner bug: a DOCTYPE whose internal subset follows the root name directly
     * fails with a generic syntax error instead of a DTD event. Checks for the DOCTYPE keyword
     * (only called for failures in the prolog, before any root element was read). */
    static boolean containsDoctype(byte[] b, int off, int len) {
        final byte[] kw = {'<', '!', 'D', 'O', 'C', 'T', 'Y', 'P', 'E'};
        outer:
        for (int i = off, end = off + len - kw.length; i <= end; i++) {
            for (int j = 0; j < kw.length; j++) if (b[i + j] != kw[j]) continue outer;
            return true;
        }
        return false;
    }

    /**
     * Builds an {@link Element} from the current START_ELEMENT. Attribute keys: local name for
     * unprefixed attributes, {@code xml:NAME} for the XML namespace, and {@code prefix:local} for
     * other prefixed ones, in which case the element also gets an {@code xmlns:prefix} attribute
     * (unless it already has one) so that {@link Element#toXml()} stays namespace-correct.
     */
    static Element startElement(XMLStreamReader r) {
        Element e = new Element(r.getLocalName(), r.getNamespaceURI());
        int n = r.getAttributeCount();
        for (int i = 0; i < n; i++) {
            e.attr(attributeKey(r, i, e), r.getAttributeValue(i));
        }
        return e;
    }

    static String attributeKey(XMLStreamReader r, int i, Element declareOn) {
        String local = r.getAttributeLocalName(i);
        String prefix = r.getAttributePrefix(i);
        if (prefix == null || prefix.isEmpty()) return local;
        String ns = r.getAttributeNamespace(i);
        if (XMLConstants.XML_NS_URI.equals(ns)) {
            return local.equals("lang") ? Element.XML_LANG : "xml:" + local;
        }
        if (declareOn != null) {
            String decl = "xmlns:" + prefix;
            if (declareOn.attr(decl) == null) declareOn.attr(decl, ns);
        }
        return prefix + ':' + local;
    }

    static boolean isXmlWhitespace(char[] buf, int start, int len) {
        for (int i = start, end = start + len; i < end; i++) {
            char c = buf[i];
            if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return false;
        }
        return true;
    }

    /**
     * Assembles one element tree from reader events: START_ELEMENT, text, END_ELEMENT. Text pieces
     * are gathered in one reused buffer and attached once per run, so input split into tiny
     * chunks does not cause repeated string concatenation.
     */
    static final class Assembler {
        private final Element[] stack = new Element[MAX_DEPTH];
        private static final int KEEP_TEXT_CAPACITY = 8 * 1024;
        private StringBuilder text = new StringBuilder(256);
        private int depth;

        int depth() { return depth; }

        void reset() {
            for (int i = 0; i < depth; i++) stack[i] = null;
            depth = 0;
            text.setLength(0);
            if (text.capacity() > KEEP_TEXT_CAPACITY) text = new StringBuilder(256);
        }

        void start(XMLStreamReader r) throws XmppStreamException {
            if (depth == MAX_DEPTH) {
                throw new XmppStreamException(XmppStreamException.POLICY_VIOLATION,
                        "elements nested deeper than " + MAX_DEPTH + " levels");
            }
            flushText();
            Element e = startElement(r);
            if (depth > 0) stack[depth - 1].add(e);
            stack[depth++] = e;
        }

        void text(XMLStreamReader r) {
            text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
        }

        /** Ends the current element; returns the root when it is the one that ended, else null. */
        Element end() {
            flushText();
            Element e = stack[--depth];
            stack[depth] = null;
            if (depth > 0) return null;
            // do not keep a large buffer per connection after a large stanza
            if (text.capacity() > KEEP_TEXT_CAPACITY) text = new StringBuilder(256);
            return e;
        }

        private void flushText() {
            if (text.length() > 0) {
                stack[depth - 1].text(text.toString());
                text.setLength(0);
            }
        }
    }
}
