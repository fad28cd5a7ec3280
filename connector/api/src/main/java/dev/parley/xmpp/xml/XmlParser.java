package dev.parley.xmpp.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Parses one standalone XML element, e.g. a stanza read back from storage, with the same
 * restrictions as {@link XmlStreamTokenizer}: no DTD, no comments, no processing instructions,
 * no entity references beyond the five predefined ones (never expanded), nesting at most
 * {@value XmlSupport#MAX_DEPTH} levels. An XML declaration is accepted if it names no encoding
 * or UTF-8.
 */
public final class XmlParser {
    private XmlParser() {}

    /** Parses {@code xml}, which must hold exactly one element (surrounding whitespace allowed). */
    public static Element parse(String xml) throws XmppStreamException {
        Objects.requireNonNull(xml, "xml");
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = XmlSupport.newAsyncReader();
        XmlSupport.Assembler assembler = new XmlSupport.Assembler();
        Element root = null;
        boolean seenRoot = false;
        try {
            r.getInputFeeder().feedInput(bytes, 0, bytes.length);
            r.getInputFeeder().endOfInput();
            while (true) {
                int ev = r.next();
                switch (ev) {
                    case XMLStreamConstants.START_DOCUMENT -> {
                        String enc = r.getCharacterEncodingScheme();
                        if (!XmlSupport.isUtf8(enc)) {
                            throw XmlSupport.unsupportedEncoding("only UTF-8 is supported, not " + enc);
                        }
                    }
                    case XMLStreamConstants.START_ELEMENT -> {
                        seenRoot = true;
                        assembler.start(r);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (assembler.depth() > 0) assembler.text(r);
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        Element done = assembler.end();
                        if (done != null) root = done;
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.COMMENT,
                         XMLStreamConstants.PROCESSING_INSTRUCTION, XMLStreamConstants.ENTITY_REFERENCE ->
                            throw XmlSupport.restricted(ev);
                    case XMLStreamConstants.END_DOCUMENT -> {
                        if (root == null) {
                            throw new XmppStreamException(XmppStreamException.NOT_WELL_FORMED, "no complete element");
                        }
                        return root;
                    }
                    case AsyncXMLStreamReader.EVENT_INCOMPLETE ->
                            throw new XmppStreamException(XmppStreamException.NOT_WELL_FORMED, "unexpected end of input");
                    default -> throw new XmppStreamException(XmppStreamException.NOT_WELL_FORMED,
                            "unexpected XML event type " + ev);
                }
            }
        } catch (XMLStreamException | RuntimeException e) {
            if (!seenRoot && XmlSupport.containsDoctype(bytes, 0, bytes.length)) {
                // Aalto's async scanner fails on "<!DOCTYPE name [" instead of reporting a DTD event.
                throw new XmppStreamException(XmppStreamException.RESTRICTED_XML,
                        "document type declarations are not allowed in XMPP", e);
            }
            throw XmlSupport.mapAaltoFailure(e);
        }
    }
}
