package dev.parley.im.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.im.message.MessageRules.Decision;
import dev.parley.im.message.MessageRules.Deliver;
import dev.parley.im.message.MessageRules.Drop;
import dev.parley.im.message.MessageRules.Reject;
import dev.parley.im.message.MessageRules.Resource;
import dev.parley.im.message.MessageRules.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message decision table, written out row by row from RFC 6121 §8.5.2 (bare JID) and §8.5.3 (full
 * JID) plus the documented policy choices, independently of the code.
 */
class MessageRulesTest {

    /*
     * type | to: bare, full:<resource> (that resource is connected) or full:? (no such resource)
     *      | resources: name:priority, name:- for connected without presence | expected outcome
     */
    private static final String TABLE = """
        # §8.5.2.1.1 chat/normal: the highest non-negative priority; ties all get it (documented policy)
        chat      | bare   | a:5 b:1        | deliver a
        chat      | bare   | a:1 b:5        | deliver b
        chat      | bare   | a:3 b:3 c:1    | deliver a b
        normal    | bare   | a:5 b:1        | deliver a
        normal    | bare   | a:0 b:0        | deliver a b
        chat      | bare   | a:0            | deliver a
        # never to a negative priority; only negative left = as if none were available (§8.5.2.1.1, §8.5.2.2.1)
        chat      | bare   | a:-1 b:2       | deliver b
        chat      | bare   | a:-1           | store
        normal    | bare   | a:-5 b:-1      | store
        # connected but not available (no initial presence, §4.2) does not count
        chat      | bare   | a:-            | store
        chat      | bare   | a:- b:0        | deliver b
        # §8.5.2.2.1 nobody online
        chat      | bare   |                | store
        normal    | bare   |                | store
        # headline: every non-negative resource; none: MUST silently ignore
        headline  | bare   | a:5 b:1 c:-1   | deliver a b
        headline  | bare   | a:-            | drop
        headline  | bare   | a:-1           | drop
        headline  | bare   |                | drop
        # groupchat to a bare JID is never delivered: service-unavailable, online or not
        groupchat | bare   | a:5            | reject service-unavailable
        groupchat | bare   |                | reject service-unavailable
        # error to a bare JID: MUST silently ignore, online or not
        error     | bare   | a:5            | drop
        error     | bare   |                | drop
        # §8.5.3.1 the resource is connected: it gets the message, whatever its priority or availability
        chat      | full:b | a:5 b:1        | deliver b
        normal    | full:b | a:5 b:-1       | deliver b
        headline  | full:b | b:-            | deliver b
        groupchat | full:b | a:5 b:1        | deliver b
        error     | full:b | b:1            | deliver b
        # §8.5.3.2.1 no such resource: chat as if to the bare JID
        chat      | full:? | a:5 b:1        | deliver a
        chat      | full:? | a:2 b:2        | deliver a b
        chat      | full:? | a:-1           | store
        chat      | full:? |                | store
        # normal, groupchat, headline: service-unavailable (documented choice; ignoring is the other option)
        normal    | full:? | a:5            | reject service-unavailable
        normal    | full:? |                | reject service-unavailable
        groupchat | full:? | a:5            | reject service-unavailable
        headline  | full:? | a:5            | reject service-unavailable
        headline  | full:? |                | reject service-unavailable
        # error: MUST silently ignore
        error     | full:? | a:5            | drop
        error     | full:? |                | drop
        """;

    static Stream<String> rows() {
        return TABLE.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decision(String row) {
        String[] c = row.split("\\|");
        MessageType type = MessageType.valueOf(c[0].strip().toUpperCase(Locale.ROOT));
        String to = c[1].strip();
        List<Resource<String>> resources = new ArrayList<>();
        for (String r : c[2].strip().split("\\s+")) {
            if (r.isEmpty()) continue;
            String[] nr = r.split(":");
            boolean available = !nr[1].equals("-");
            resources.add(new Resource<>(nr[0], available, available ? Integer.parseInt(nr[1]) : 0));
        }
        boolean full = to.startsWith("full:");
        String exact = null;
        if (full && !to.equals("full:?")) {
            exact = to.substring(5);
            String name = exact;
            assertTrue(resources.stream().anyMatch(r -> r.session().equals(name)), "row names a connected resource: " + row);
        }
        Decision<String> d = MessageRules.decide(type, full, exact, resources);
        assertEquals(c[3].strip(), describe(d), row);
    }

    private static String describe(Decision<String> d) {
        if (d instanceof Deliver<String> x) return "deliver " + String.join(" ", x.sessions());
        if (d instanceof Store<String>) return "store";
        if (d instanceof Reject<String> x) return "reject " + x.condition();
        if (d instanceof Drop<String>) return "drop";
        throw new AssertionError(d);
    }

    @ParameterizedTest
    @MethodSource("types")
    void unknownOrMissingTypeIsNormal(String attr, MessageType expected) {
        assertEquals(expected, MessageType.of(attr));
    }

    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of(null, MessageType.NORMAL),
                Arguments.of("normal", MessageType.NORMAL),
                Arguments.of("bogus", MessageType.NORMAL),   // RFC 6121 §5.2.2
                Arguments.of("Chat", MessageType.NORMAL),    // values are case-sensitive
                Arguments.of("chat", MessageType.CHAT),
                Arguments.of("error", MessageType.ERROR),
                Arguments.of("groupchat", MessageType.GROUPCHAT),
                Arguments.of("headline", MessageType.HEADLINE));
    }
}
