package dev.parley.xmpp.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A namespace-aware XML element: the stanza model shared by the connector and the application.
 * Mutable while built; treat received stanzas as read-only and {@link #copy()} before changing them.
 * Attribute keys are local names, except {@code xml:lang} which keeps its prefix.
 */
public final class Element {
    public static final String XML_LANG = "xml:lang";

    private final String name;
    private final String namespace;
    private final LinkedHashMap<String, String> attributes = new LinkedHashMap<>(4);
    private final ArrayList<Object> children = new ArrayList<>(2); // Element or String

    public Element(String name, String namespace) {
        this.name = Objects.requireNonNull(name, "name");
        this.namespace = namespace == null ? "" : namespace;
    }

    public static Element of(String name, String namespace) { return new Element(name, namespace); }

    public String name() { return name; }
    public String namespace() { return namespace; }
    public boolean is(String name, String namespace) { return this.name.equals(name) && this.namespace.equals(namespace); }

    public String attr(String key) { return attributes.get(key); }
    public Element attr(String key, String value) {
        if (value == null) attributes.remove(key); else attributes.put(key, value);
        return this;
    }
    public Map<String, String> attributes() { return Collections.unmodifiableMap(attributes); }

    public List<Object> children() { return Collections.unmodifiableList(children); }

    public List<Element> elements() {
        List<Element> out = new ArrayList<>(children.size());
        for (Object c : children) if (c instanceof Element e) out.add(e);
        return out;
    }

    public List<Element> elements(String name, String namespace) {
        List<Element> out = new ArrayList<>(2);
        for (Object c : children) if (c instanceof Element e && e.is(name, namespace)) out.add(e);
        return out;
    }

    /** First child with that name and namespace, or null. */
    public Element element(String name, String namespace) {
        for (Object c : children) if (c instanceof Element e && e.is(name, namespace)) return e;
        return null;
    }

    /** First child element in that namespace, or null. */
    public Element elementNs(String namespace) {
        for (Object c : children) if (c instanceof Element e && e.namespace.equals(namespace)) return e;
        return null;
    }

    public Element add(Element child) { children.add(Objects.requireNonNull(child)); return this; }

    /** Adds and returns a new child element. */
    public Element addChild(String name, String namespace) { Element e = new Element(name, namespace); children.add(e); return e; }

    public Element text(String text) {
        if (text != null && !text.isEmpty()) {
            int last = children.size() - 1;
            if (last >= 0 && children.get(last) instanceof String s) children.set(last, s + text);
            else children.add(text);
        }
        return this;
    }

    /** Concatenated character data of this element (not of descendants). */
    public String text() {
        StringBuilder sb = null;
        String only = null;
        for (Object c : children) {
            if (c instanceof String s) {
                if (only == null && sb == null) only = s;
                else { if (sb == null) { sb = new StringBuilder(only); } sb.append(s); }
            }
        }
        return sb != null ? sb.toString() : only == null ? "" : only;
    }

    /** Text of the first child with that name/namespace, or null if absent. */
    public String childText(String name, String namespace) {
        Element e = element(name, namespace);
        return e == null ? null : e.text();
    }

    public boolean remove(Element child) { return children.remove(child); }
    public void removeChildren(String name, String namespace) { children.removeIf(c -> c instanceof Element e && e.is(name, namespace)); }
    public void clearChildren() { children.clear(); }

    public Element copy() {
        Element e = new Element(name, namespace);
        e.attributes.putAll(attributes);
        for (Object c : children) e.children.add(c instanceof Element ce ? ce.copy() : c);
        return e;
    }

    /** Shallow copy: attributes and the same child objects. Cheap way to restamp to/from. */
    public Element shallowCopy() {
        Element e = new Element(name, namespace);
        e.attributes.putAll(attributes);
        e.children.addAll(children);
        return e;
    }

    /** Serializes as it would appear inside a stream whose default namespace is {@code parentNamespace}. */
    public String toXml(String parentNamespace) {
        StringBuilder sb = new StringBuilder(128);
        write(sb, parentNamespace);
        return sb.toString();
    }

    /** Serialization inside a {@code jabber:client} stream. */
    public String toXml() { return toXml("jabber:client"); }

    @Override public String toString() { return toXml(""); }

    public void write(StringBuilder sb, String parentNamespace) {
        sb.append('<').append(name);
        if (!namespace.equals(parentNamespace)) {
            sb.append(" xmlns=\"");
            escape(sb, namespace, true);
            sb.append('"');
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            sb.append(' ').append(a.getKey()).append("=\"");
            escape(sb, a.getValue(), true);
            sb.append('"');
        }
        if (children.isEmpty()) { sb.append("/>"); return; }
        sb.append('>');
        for (Object c : children) {
            if (c instanceof Element e) e.write(sb, namespace);
            else escape(sb, (String) c, false);
        }
        sb.append("</").append(name).append('>');
    }

    public static void escape(StringBuilder sb, String s, boolean attribute) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> { if (attribute) sb.append("&quot;"); else sb.append(ch); }
                case '\'' -> { if (attribute) sb.append("&apos;"); else sb.append(ch); }
                default -> sb.append(ch);
            }
        }
    }

    public static String escape(String s) { StringBuilder sb = new StringBuilder(s.length() + 8); escape(sb, s, true); return sb.toString(); }

    @Override public boolean equals(Object o) {
        return o instanceof Element e && name.equals(e.name) && namespace.equals(e.namespace)
                && attributes.equals(e.attributes) && children.equals(e.children);
    }
    @Override public int hashCode() { return Objects.hash(name, namespace, attributes, children); }
}
