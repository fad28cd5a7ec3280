package dev.parley.im.vcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.XmlParser;
import org.junit.jupiter.api.Test;

class VCardRulesTest {

    @Test
    void storedFormParsesBackToTheSameElement() throws Exception {
        Element v = XmlParser.parse("<vCard xmlns='vcard-temp'><FN>Peter</FN><N><FAMILY>Saint-Andre</FAMILY><GIVEN>P\u00e9ter</GIVEN></N>"
                + "<TEL><WORK/><VOICE/><NUMBER>303</NUMBER></TEL><DESC>a &amp; b &lt;c&gt;</DESC></vCard>");
        assertTrue(VCardRules.isVCard(v));
        assertEquals(v, XmlParser.parse(VCardRules.serialize(v)));
    }

    @Test
    void onlyTheVCardElementIsAccepted() throws Exception {
        assertFalse(VCardRules.isVCard(XmlParser.parse("<vcard xmlns='vcard-temp'/>")), "names are case-sensitive (XEP-0054 §8)");
        assertFalse(VCardRules.isVCard(XmlParser.parse("<vCard xmlns='urn:ietf:params:xml:ns:vcard-4.0'/>")));
    }

    @Test
    void sizeLimitCountsUtf8Octets() {
        assertTrue(VCardRules.fits("abc", 3));
        assertFalse(VCardRules.fits("abcd", 3));
        assertFalse(VCardRules.fits("\u00e9\u00e9", 3), "two characters, four octets");
        assertTrue(VCardRules.fits("\u00e9", 2));
    }
}
