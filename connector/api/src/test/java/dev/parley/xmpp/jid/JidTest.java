package dev.parley.xmpp.jid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JidTest {

    // ---------------------------------------------------------------- RFC 7622 §3.5, Table 1

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "juliet@example.com          | juliet    | example.com   | NULL",
            "juliet@example.com/foo      | juliet    | example.com   | foo",
            "juliet@example.com/foo bar  | juliet    | example.com   | foo bar",
            "juliet@example.com/foo@bar  | juliet    | example.com   | foo@bar",
            "foo\\20bar@example.com      | foo\\20bar| example.com   | NULL",
            "fussball@example.com        | fussball  | example.com   | NULL",
            "fußball@example.com         | fußball   | example.com   | NULL",
            "π@example.com               | π         | example.com   | NULL",
            "Σ@example.com/foo           | σ         | example.com   | foo",
            "σ@example.com/foo           | σ         | example.com   | foo",
            "ς@example.com/foo           | ς         | example.com   | foo",
            "king@example.com/♚          | king      | example.com   | ♚",
            "example.com                 | NULL      | example.com   | NULL",
            "example.com/foobar          | NULL      | example.com   | foobar",
            "a.example.com/b@example.net | NULL      | a.example.com | b@example.net",
    })
    void rfc7622ValidExamples(String input, String local, String domain, String resource) {
        Jid jid = Jid.of(input.strip());
        assertEquals(local, jid.local());
        assertEquals(domain, jid.domain());
        assertEquals(resource, jid.resource());
    }

    // ---------------------------------------------------------------- RFC 7622 §3.5, Table 2 and more

    @ParameterizedTest
    @ValueSource(strings = {
            "\"juliet\"@example.com",   // quotation marks in localpart
            "foo bar@example.com",      // space in localpart
            "juliet@example.com/",      // empty resourcepart
            "@example.com/",            // empty localpart and resourcepart
            "henry\u2163@example.com",  // ROMAN NUMERAL FOUR in localpart
            "\u265A@example.com",       // BLACK CHESS KING in localpart
            "juliet@",                  // missing domainpart
            "/foobar",                  // resourcepart without domainpart
            "@example.com",
            "node@/server",
            "@",
            "/",
            "@/",
            "user@@host",
            "user@@host/resource",
            "juliet@example.com/a\u0000b",
            "",
    })
    void rfc7622InvalidExamples(String input) {
        assertThrows(InvalidJidException.class, () -> Jid.of(input));
        assertNull(Jid.parseOrNull(input));
    }

    @Test
    void splitsAtFirstSlashThenFirstAt() {
        Jid j = Jid.of("server/resource@foo/bar");
        assertNull(j.local());
        assertEquals("server", j.domain());
        assertEquals("resource@foo/bar", j.resource());

        Jid k = Jid.of("user@host/res/more@x");
        assertEquals("user", k.local());
        assertEquals("host", k.domain());
        assertEquals("res/more@x", k.resource());

        // the first '@' ends the localpart, so the rest is a (bad) domainpart
        assertThrows(InvalidJidException.class, () -> Jid.of("a@b@example.com"));
    }

    // ---------------------------------------------------------------- localpart

    @Test
    void localpartCaseMapping() {
        assertEquals("juliet@example.com", Jid.of("Juliet@example.com").toString());
        assertEquals("juliet@example.com", Jid.of("JULIET@Example.COM").toString());
        // full-width letters are width-mapped then case-mapped
        assertEquals("juliet", Jid.of("\uFF2A\uFF55\uFF4C\uFF49\uFF45\uFF54@example.com").local());
        assertEquals("juliet", Jid.of("\uFF2Auliet@example.com").local());
        assertEquals(Jid.of("juliet@example.com"), Jid.of("\uFF2AULIET@EXAMPLE.com"));
        assertEquals("ελληνικά", Jid.of("ΕΛΛΗΝΙΚΆ@example.com").local());
        // NFC
        assertEquals("\u00E9", Jid.of("e\u0301@example.com").local());
    }

    @ParameterizedTest
    @ValueSource(chars = {'"', '&', '\'', '/', ':', '<', '>', '@'})
    void localpartForbiddenCharacters(char c) {
        assertThrows(InvalidJidException.class, () -> Jid.of("ju" + c + "liet", "example.com", null));
        assertThrows(InvalidJidException.class, () -> Jid.normalizeUsername("ju" + c + "liet"));
        // the full-width form maps to the ASCII character, which is then refused
        char fullWidth = (char) (c - 0x21 + 0xFF01);
        assertThrows(InvalidJidException.class, () -> Jid.of("ju" + fullWidth + "liet", "example.com", null));
        if (c != '/' && c != '@') {
            assertThrows(InvalidJidException.class, () -> Jid.of("ju" + c + "liet@example.com"));
        }
    }

    @Test
    void localpartAllowedPunctuation() {
        assertEquals("a.b-c_d+e!#$%*=?^`{|}~\\", Jid.of("a.b-c_d+e!#$%*=?^`{|}~\\@example.com").local());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a\tb", "\u0001", "\u00A0x", "a\u200Db", "\u01C5", "1\u0627"})
    void localpartDisallowedCodePoints(String local) {
        assertThrows(InvalidJidException.class, () -> Jid.of(local, "example.com", null));
    }

    // ---------------------------------------------------------------- domainpart

    @Test
    void domainpart() {
        assertEquals("example.com", Jid.of("EXAMPLE.Com").domain());
        assertEquals("example.com", Jid.of("juliet@example.com.").domain()); // trailing dot stripped
        assertEquals("example.com", Jid.of("juliet@example.com./res").domain());
        assertEquals(Jid.of("juliet@example.com"), Jid.of("juliet@example.com."));
        assertEquals("ädmin.example", Jid.of("ÄDMIN.example").domain());
        assertEquals("dömäin.example", Jid.of("xn--dmin-moa0i.example").domain());   // A-label to U-label
        assertEquals("dömäin.example", Jid.of("XN--DMIN-MOA0I.EXAMPLE").domain());
        assertEquals("例え.テスト", Jid.of("例え.テスト").domain());
        assertEquals("a.com", Jid.of("\uFF21.com").domain());                          // full-width letter
        assertEquals("a.example", Jid.of("a\u3002example").domain());                // ideographic full stop
        assertEquals("a.example", Jid.of("a.example\u3002").domain());
        assertEquals("192.168.0.1", Jid.of("u@192.168.0.1/r").domain());
        assertEquals("[::1]", Jid.of("u@[::1]/r").domain());
        assertEquals("[2001:db8::1]", Jid.of("[2001:DB8::1]").domain());
        assertEquals("[::ffff:192.0.2.1]", Jid.of("[::ffff:192.0.2.1]").domain());
        assertEquals("[1:2:3:4:5:6:7:8]", Jid.of("[1:2:3:4:5:6:7:8]").domain());
    }

    @ParameterizedTest
    @ValueSource(strings = {".", "..", "a..b", "example.com..", ".example.com", "-a.com", "a-.com", "a_b.com",
            "a b.com", "exa<mple.com", "[::1", "[]", "[::1]x", "[1::2::3]", "[12345::]", "[1:2:3:4:5:6:7:8:9]",
            "[1:2:3:4:5:6:7]", "[::1%25eth0]", "[::256.1.1.1]", "[g::1]", "::1", "[\uFF11::1]"})
    void invalidDomainparts(String domain) {
        assertThrows(InvalidJidException.class, () -> Jid.of("juliet", domain, null));
    }

    // ---------------------------------------------------------------- resourcepart

    @Test
    void resourcepartPreservesCaseAndSpaces() {
        assertEquals("Balcony Room", Jid.of("juliet@example.com/Balcony Room").resource());
        assertEquals(" lead", Jid.of("juliet@example.com/ lead").resource()); // RFC 7622 erratum 4560
        assertEquals("a b", Jid.of("juliet@example.com/a\u00A0b").resource()); // non-ASCII space mapped
        assertEquals("\u00E9", Jid.of("juliet@example.com/e\u0301").resource()); // NFC
        assertEquals("\u2163", Jid.of("juliet@example.com/\u2163").resource());   // no width/compat mapping
        assertEquals("ＡＢ", Jid.of("juliet@example.com/ＡＢ").resource());
        assertNotEquals(Jid.of("juliet@example.com/Foo"), Jid.of("juliet@example.com/foo"));
        assertThrows(InvalidJidException.class, () -> Jid.of("juliet@example.com/a\tb"));
        assertThrows(InvalidJidException.class, () -> Jid.of("juliet@example.com/a\u200Db"));
    }

    // ---------------------------------------------------------------- lengths

    @Test
    void lengthLimits() {
        assertEquals(1023, Jid.of("a".repeat(1023), "example.com", null).local().length());
        assertThrows(InvalidJidException.class, () -> Jid.of("a".repeat(1024), "example.com", null));
        assertEquals(Jid.of("\u00E9".repeat(511) + "a", "example.com", null).local().length(), 512); // 1023 octets
        assertThrows(InvalidJidException.class, () -> Jid.of("\u00E9".repeat(512), "example.com", null));
        // width mapping/case mapping happen before the length is measured
        assertThrows(InvalidJidException.class, () -> Jid.of("\uFF21".repeat(1024), "example.com", null));

        String label = "a".repeat(63);
        String domain = String.join(".", java.util.Collections.nCopies(16, label)); // 16*63 + 15 = 1023
        assertEquals(1023, domain.length());
        assertEquals(domain, Jid.of(domain).domain());
        assertThrows(InvalidJidException.class, () -> Jid.of("b" + domain.substring(1) + ".b"));
        assertThrows(InvalidJidException.class, () -> Jid.of("a".repeat(64) + ".com")); // DNS label limit

        assertEquals(1023, Jid.of("x@y/" + "r".repeat(1023)).resource().length());
        assertThrows(InvalidJidException.class, () -> Jid.of("x@y/" + "r".repeat(1024)));
        assertEquals(341, Jid.of("x@y/" + "\u20AC".repeat(341)).resource().length()); // 1023 octets
        assertThrows(InvalidJidException.class, () -> Jid.of("x@y/" + "\u20AC".repeat(342)));
        assertThrows(InvalidJidException.class, () -> Jid.of("x@y/" + "\u20AC".repeat(100_000)));
    }

    // ---------------------------------------------------------------- accessors

    @Test
    void accessorsAndEquality() {
        Jid full = Jid.of("Juliet@Example.com/Balcony");
        assertEquals("juliet@example.com/Balcony", full.toString());
        assertFalse(full.isBare());
        Jid bare = full.bare();
        assertTrue(bare.isBare());
        assertEquals("juliet@example.com", bare.toString());
        assertSame(bare, bare.bare());
        assertEquals(full, bare.withResource("Balcony"));
        assertEquals(full.hashCode(), bare.withResource("Balcony").hashCode());
        assertEquals(bare, full.withResource(null));
        assertEquals("juliet@example.com/Other Place", full.withResource("Other Place").toString());
        assertThrows(InvalidJidException.class, () -> full.withResource(""));
        assertEquals(Jid.of("juliet", "example.com", "Balcony"), full);
        assertEquals(Jid.of("example.com"), Jid.of(null, "EXAMPLE.COM.", null));
        assertThrows(InvalidJidException.class, () -> Jid.of("", "example.com", null));
        assertThrows(InvalidJidException.class, () -> Jid.of("a", "example.com", ""));
        assertThrows(InvalidJidException.class, () -> Jid.of("a", null, null));
        assertNull(Jid.parseOrNull(null));
    }

    @Test
    void normalizeUsernameAndPreparePassword() {
        assertEquals("juliet", Jid.normalizeUsername("Juliet"));
        assertEquals("juliet", Jid.normalizeUsername("\uFF2Auliet"));
        assertThrows(InvalidJidException.class, () -> Jid.normalizeUsername(""));
        assertThrows(InvalidJidException.class, () -> Jid.normalizeUsername("a b"));

        assertEquals("pencil", Jid.preparePassword("pencil"));
        assertEquals("Correct Horse", Jid.preparePassword("Correct Horse")); // case and spaces preserved
        assertEquals("a b", Jid.preparePassword("a\u00A0b"));
        assertEquals("\u00E9", Jid.preparePassword("e\u0301"));
        assertThrows(IllegalArgumentException.class, () -> Jid.preparePassword(""));
        assertThrows(IllegalArgumentException.class, () -> Jid.preparePassword("a\u0007b"));
    }

    // ---------------------------------------------------------------- fast path == PRECIS path

    @Test
    void fastPathsAgreeWithPrecisForEveryAsciiCharacter() {
        for (char c = 0; c < 0x80; c++) {
            for (String s : new String[] {String.valueOf(c), "a" + c + "Z", c + "x" + c}) {
                assertLocalAgrees(s);
                assertResourceAgrees(s);
                assertDomainAgrees(s);
                assertDomainAgrees("a" + c + "b.example");
            }
        }
    }

    @Test
    void fastPathsAgreeWithPrecisForRandomAsciiStrings() {
        Random random = new Random(7622);
        String alphabet = "abcxyzABCXYZ0189.-_+!~\"&'/:<>@ \t";
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(12);
            for (int j = 0; j < len; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String s = sb.toString();
            assertLocalAgrees(s);
            assertResourceAgrees(s);
            assertDomainAgrees(s);
        }
        for (String d : new String[] {"example.com", "EXAMPLE.COM", "a-b.c-d.e", "xn--dmin-moa0i.example",
                "ab--cd.example", "1.2.3.4", "a.b.c.d.e.f", "-a.b", "a-.b", "a..b", ".a", "a." }) {
            assertDomainAgrees(d);
        }
        assertNull(Jid.fastDomainpart("xn--dmin-moa0i.example"), "A-labels must take the IDNA path");
    }

    private static void assertLocalAgrees(String s) {
        String fast = Jid.fastLocalpart(s);
        String slow = outcome(() -> Jid.precisLocalpart(s));
        if (fast != null) assertEquals(slow, fast, () -> "localpart fast path differs for " + escape(s));
        assertEquals(slow, outcome(() -> Jid.enforceLocalpart(s)), () -> "localpart differs for " + escape(s));
    }

    private static void assertResourceAgrees(String s) {
        String slow = outcome(() -> Jid.precisResourcepart(s));
        if (Jid.isPrintableAscii(s)) assertEquals(slow, s, () -> "resource fast path differs for " + escape(s));
        assertEquals(slow, outcome(() -> Jid.enforceResourcepart(s)), () -> "resource differs for " + escape(s));
    }

    private static void assertDomainAgrees(String s) {
        String fast = Jid.fastDomainpart(s);
        String slow = outcome(() -> Jid.slowDomainpart(s));
        if (fast != null) assertEquals(slow, fast, () -> "domain fast path differs for " + escape(s));
    }

    private static String outcome(java.util.function.Supplier<String> f) {
        try {
            return f.get();
        } catch (InvalidJidException e) {
            return "<invalid>";
        } catch (RuntimeException e) {
            return "<error>";
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", (int) c) : c);
        return sb.toString();
    }
}
