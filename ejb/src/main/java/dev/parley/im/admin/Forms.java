package dev.parley.im.admin;

import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.xml.Element;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** XEP-0004 data form helpers. */
public final class Forms {
    private Forms() { }

    public static Map<String, List<String>> values(Element x) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Element f : x.elements("field", Ns.DATA_FORMS)) {
            String var = f.attr("var");
            if (var == null) continue;
            List<String> vs = new ArrayList<>();
            for (Element v : f.elements("value", Ns.DATA_FORMS)) vs.add(v.text());
            m.put(var, vs);
        }
        return m;
    }

    public static String first(Map<String, List<String>> values, String var) {
        List<String> l = values.get(var);
        return l == null || l.isEmpty() ? null : l.get(0);
    }

    public static void field(Element x, String var, String type, String label, boolean required) {
        Element f = x.addChild("field", Ns.DATA_FORMS).attr("var", var).attr("type", type).attr("label", label);
        if (required) f.addChild("required", Ns.DATA_FORMS);
    }

    public static void hidden(Element x, String var, String value) {
        x.addChild("field", Ns.DATA_FORMS).attr("var", var).attr("type", "hidden").addChild("value", Ns.DATA_FORMS).text(value);
    }
}
