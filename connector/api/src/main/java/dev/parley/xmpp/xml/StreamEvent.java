package dev.parley.xmpp.xml;

import java.util.Map;
import java.util.Objects;

/** What {@link XmlStreamTokenizer#next()} produces: a stream header, a stanza, or the stream end. */
public sealed interface StreamEvent permits StreamEvent.Open, StreamEvent.Stanza, StreamEvent.Close {

    /** Namespace of the {@code <stream:stream>} root element. */
    String STREAMS_NS = "http://etherx.jabber.org/streams";

    /**
     * The stream header (the start tag of the root element).
     *
     * @param prefix           prefix of the root element name as written ({@code "stream"}), "" if none
     * @param localName        local name of the root element (always {@code "stream"} once accepted)
     * @param namespace        namespace of the root element (always {@link #STREAMS_NS} once accepted)
     * @param defaultNamespace the default namespace declared on the header ({@code jabber:client},
     *                         {@code jabber:server}, ...), or null if the header declares none;
     *                         checking it is the caller's job
     * @param namespaces       every namespace declared on the header, prefix ("" for the default) to URI
     * @param attributes       the header attributes: {@code to}, {@code from}, {@code version}, {@code id},
     *                         {@code xml:lang}, and any other, keyed like {@link Element} attributes
     * @param xmlDeclaration   whether the stream began with an XML declaration
     * @param encoding         the encoding named by the XML declaration (always UTF-8 in some spelling),
     *                         or null if there was no declaration or it named no encoding
     */
    record Open(String prefix, String localName, String namespace, String defaultNamespace,
                Map<String, String> namespaces, Map<String, String> attributes,
                boolean xmlDeclaration, String encoding) implements StreamEvent {
        public Open {
            namespaces = Map.copyOf(namespaces);
            attributes = Map.copyOf(attributes);
        }
        public String to() { return attributes.get("to"); }
        public String from() { return attributes.get("from"); }
        public String version() { return attributes.get("version"); }
        public String id() { return attributes.get("id"); }
        public String lang() { return attributes.get(Element.XML_LANG); }
        /** Whether the XML declaration named an encoding. */
        public boolean declaredEncoding() { return encoding != null; }
    }

    /**
     * A complete first-level child of the root element.
     *
     * @param element    the stanza (or nonza such as {@code <auth/>}), namespaces resolved
     * @param byteLength its size on the wire in bytes, from {@code <} of the start tag to {@code >} of the end tag
     */
    record Stanza(Element element, int byteLength) implements StreamEvent {
        public Stanza { Objects.requireNonNull(element, "element"); }
    }

    /** The closing {@code </stream:stream>} tag. */
    record Close() implements StreamEvent {
        public static final Close INSTANCE = new Close();
    }
}
