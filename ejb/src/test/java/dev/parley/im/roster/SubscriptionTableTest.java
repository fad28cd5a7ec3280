package dev.parley.im.roster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every cell of both subscription tables against an expectation table written out separately, row by row from
 * RFC 6121 Appendix A.2/A.3 and §3.1-§3.4, so that a slip in either table shows up as a failure.
 */
class SubscriptionTableTest {

    /*
     * direction type | existing state | pre-approved? | new state | pre-approved? | actions
     * "A" marks a recorded pre-approval. Rows with "A" exist only for None, None + Pending Out and To; for every
     * other state a pre-approval is meaningless and the test expects the plain row.
     */
    private static final String EXPECTED = """
        # A.2.1 outbound subscribe (§3.1.2: routed in every state)
        out subscribe    | None                  |   | None + Pending Out    |   | ROUTE ROSTER_PUSH
        out subscribe    | None                  | A | None + Pending Out    | A | ROUTE ROSTER_PUSH
        out subscribe    | None + Pending Out    |   | None + Pending Out    |   | ROUTE
        out subscribe    | None + Pending Out    | A | None + Pending Out    | A | ROUTE
        out subscribe    | None + Pending In     |   | None + Pending Out/In |   | ROUTE ROSTER_PUSH
        out subscribe    | None + Pending Out/In |   | None + Pending Out/In |   | ROUTE
        out subscribe    | To                    |   | To                    |   | ROUTE
        out subscribe    | To                    | A | To                    | A | ROUTE
        out subscribe    | To + Pending In       |   | To + Pending In       |   | ROUTE
        out subscribe    | From                  |   | From + Pending Out    |   | ROUTE ROSTER_PUSH
        out subscribe    | From + Pending Out    |   | From + Pending Out    |   | ROUTE
        out subscribe    | Both                  |   | Both                  |   | ROUTE

        # A.2.2 outbound subscribed (§3.1.5 approval; §3.4.2 pre-approval, never routed)
        out subscribed   | None                  |   | None                  | A | RECORD_PRE_APPROVAL ROSTER_PUSH
        out subscribed   | None                  | A | None                  | A | IGNORE
        out subscribed   | None + Pending Out    |   | None + Pending Out    | A | RECORD_PRE_APPROVAL ROSTER_PUSH
        out subscribed   | None + Pending Out    | A | None + Pending Out    | A | IGNORE
        out subscribed   | None + Pending In     |   | From                  |   | ROUTE ROSTER_PUSH SEND_AVAILABLE_PRESENCE
        out subscribed   | None + Pending Out/In |   | From + Pending Out    |   | ROUTE ROSTER_PUSH SEND_AVAILABLE_PRESENCE
        out subscribed   | To                    |   | To                    | A | RECORD_PRE_APPROVAL ROSTER_PUSH
        out subscribed   | To                    | A | To                    | A | IGNORE
        out subscribed   | To + Pending In       |   | Both                  |   | ROUTE ROSTER_PUSH SEND_AVAILABLE_PRESENCE
        out subscribed   | From                  |   | From                  |   | IGNORE
        out subscribed   | From + Pending Out    |   | From + Pending Out    |   | IGNORE
        out subscribed   | Both                  |   | Both                  |   | IGNORE

        # A.2.3 outbound unsubscribe (§3.3.2: routed in every state)
        out unsubscribe  | None                  |   | None                  |   | ROUTE
        out unsubscribe  | None                  | A | None                  | A | ROUTE
        out unsubscribe  | None + Pending Out    |   | None                  |   | ROUTE ROSTER_PUSH
        out unsubscribe  | None + Pending Out    | A | None                  | A | ROUTE ROSTER_PUSH
        out unsubscribe  | None + Pending In     |   | None + Pending In     |   | ROUTE
        out unsubscribe  | None + Pending Out/In |   | None + Pending In     |   | ROUTE ROSTER_PUSH
        out unsubscribe  | To                    |   | None                  |   | ROUTE ROSTER_PUSH
        out unsubscribe  | To                    | A | None                  | A | ROUTE ROSTER_PUSH
        out unsubscribe  | To + Pending In       |   | None + Pending In     |   | ROUTE ROSTER_PUSH
        out unsubscribe  | From                  |   | From                  |   | ROUTE
        out unsubscribe  | From + Pending Out    |   | From                  |   | ROUTE ROSTER_PUSH
        out unsubscribe  | Both                  |   | From                  |   | ROUTE ROSTER_PUSH

        # A.2.4 outbound unsubscribed (§3.2.2)
        out unsubscribed | None                  |   | None                  |   | IGNORE
        out unsubscribed | None                  | A | None                  |   | CANCEL_PRE_APPROVAL ROSTER_PUSH
        out unsubscribed | None + Pending Out    |   | None + Pending Out    |   | IGNORE
        out unsubscribed | None + Pending Out    | A | None + Pending Out    |   | CANCEL_PRE_APPROVAL ROSTER_PUSH
        out unsubscribed | None + Pending In     |   | None                  |   | ROUTE
        out unsubscribed | None + Pending Out/In |   | None + Pending Out    |   | ROUTE
        out unsubscribed | To                    |   | To                    |   | IGNORE
        out unsubscribed | To                    | A | To                    |   | CANCEL_PRE_APPROVAL ROSTER_PUSH
        out unsubscribed | To + Pending In       |   | To                    |   | ROUTE
        out unsubscribed | From                  |   | None                  |   | SEND_UNAVAILABLE_PRESENCE ROUTE ROSTER_PUSH
        out unsubscribed | From + Pending Out    |   | None + Pending Out    |   | SEND_UNAVAILABLE_PRESENCE ROUTE ROSTER_PUSH
        out unsubscribed | Both                  |   | To                    |   | SEND_UNAVAILABLE_PRESENCE ROUTE ROSTER_PUSH

        # A.3.1 inbound subscribe (§3.1.3)
        in subscribe     | None                  |   | None + Pending In     |   | DELIVER_TO_USER
        in subscribe     | None                  | A | From                  |   | AUTO_REPLY_SUBSCRIBED CONSUME_PRE_APPROVAL ROSTER_PUSH SEND_AVAILABLE_PRESENCE
        in subscribe     | None + Pending Out    |   | None + Pending Out/In |   | DELIVER_TO_USER
        in subscribe     | None + Pending Out    | A | From + Pending Out    |   | AUTO_REPLY_SUBSCRIBED CONSUME_PRE_APPROVAL ROSTER_PUSH SEND_AVAILABLE_PRESENCE
        in subscribe     | None + Pending In     |   | None + Pending In     |   | IGNORE
        in subscribe     | None + Pending Out/In |   | None + Pending Out/In |   | IGNORE
        in subscribe     | To                    |   | To + Pending In       |   | DELIVER_TO_USER
        in subscribe     | To                    | A | Both                  |   | AUTO_REPLY_SUBSCRIBED CONSUME_PRE_APPROVAL ROSTER_PUSH SEND_AVAILABLE_PRESENCE
        in subscribe     | To + Pending In       |   | To + Pending In       |   | IGNORE
        in subscribe     | From                  |   | From                  |   | AUTO_REPLY_SUBSCRIBED SEND_AVAILABLE_PRESENCE
        in subscribe     | From + Pending Out    |   | From + Pending Out    |   | AUTO_REPLY_SUBSCRIBED SEND_AVAILABLE_PRESENCE
        in subscribe     | Both                  |   | Both                  |   | AUTO_REPLY_SUBSCRIBED SEND_AVAILABLE_PRESENCE

        # A.3.2 inbound subscribed (§3.1.6)
        in subscribed    | None                  |   | None                  |   | IGNORE
        in subscribed    | None                  | A | None                  | A | IGNORE
        in subscribed    | None + Pending Out    |   | To                    |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in subscribed    | None + Pending Out    | A | To                    | A | DELIVER_TO_INTERESTED ROSTER_PUSH
        in subscribed    | None + Pending In     |   | None + Pending In     |   | IGNORE
        in subscribed    | None + Pending Out/In |   | To + Pending In       |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in subscribed    | To                    |   | To                    |   | IGNORE
        in subscribed    | To                    | A | To                    | A | IGNORE
        in subscribed    | To + Pending In       |   | To + Pending In       |   | IGNORE
        in subscribed    | From                  |   | From                  |   | IGNORE
        in subscribed    | From + Pending Out    |   | Both                  |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in subscribed    | Both                  |   | Both                  |   | IGNORE

        # A.3.3 inbound unsubscribe (§3.3.3)
        in unsubscribe   | None                  |   | None                  |   | IGNORE
        in unsubscribe   | None                  | A | None                  | A | IGNORE
        in unsubscribe   | None + Pending Out    |   | None + Pending Out    |   | IGNORE
        in unsubscribe   | None + Pending Out    | A | None + Pending Out    | A | IGNORE
        in unsubscribe   | None + Pending In     |   | None                  |   | DELIVER_TO_INTERESTED
        in unsubscribe   | None + Pending Out/In |   | None + Pending Out    |   | DELIVER_TO_INTERESTED
        in unsubscribe   | To                    |   | To                    |   | IGNORE
        in unsubscribe   | To                    | A | To                    | A | IGNORE
        in unsubscribe   | To + Pending In       |   | To                    |   | DELIVER_TO_INTERESTED
        in unsubscribe   | From                  |   | None                  |   | SEND_UNAVAILABLE_PRESENCE DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribe   | From + Pending Out    |   | None + Pending Out    |   | SEND_UNAVAILABLE_PRESENCE DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribe   | Both                  |   | To                    |   | SEND_UNAVAILABLE_PRESENCE DELIVER_TO_INTERESTED ROSTER_PUSH

        # A.3.4 inbound unsubscribed (§3.2.3)
        in unsubscribed  | None                  |   | None                  |   | IGNORE
        in unsubscribed  | None                  | A | None                  | A | IGNORE
        in unsubscribed  | None + Pending Out    |   | None                  |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribed  | None + Pending Out    | A | None                  | A | DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribed  | None + Pending In     |   | None + Pending In     |   | IGNORE
        in unsubscribed  | None + Pending Out/In |   | None + Pending In     |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribed  | To                    |   | None                  |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribed  | To                    | A | None                  | A | DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribed  | To + Pending In       |   | None + Pending In     |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribed  | From                  |   | From                  |   | IGNORE
        in unsubscribed  | From + Pending Out    |   | From                  |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        in unsubscribed  | Both                  |   | From                  |   | DELIVER_TO_INTERESTED ROSTER_PUSH
        """;

    private record Row(boolean outbound, PresenceType type, SubscriptionState state, boolean approved,
                       SubscriptionState newState, boolean newApproved, Set<SubscriptionAction> actions) { }

    private static final Map<String, Row> ROWS = parse();

    private static String key(boolean outbound, PresenceType type, SubscriptionState state, boolean approved) {
        return (outbound ? "out " : "in ") + type + " " + state + (approved ? " A" : "");
    }

    private static Map<String, Row> parse() {
        Map<String, SubscriptionState> byName = new HashMap<>();
        for (SubscriptionState s : SubscriptionState.values()) byName.put(s.rfcName(), s);
        Map<String, Row> rows = new HashMap<>();
        for (String line : EXPECTED.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\|");
            String[] head = f[0].strip().split(" +");
            EnumSet<SubscriptionAction> actions = EnumSet.noneOf(SubscriptionAction.class);
            for (String a : f[5].strip().split(" +")) actions.add(SubscriptionAction.valueOf(a));
            Row row = new Row(head[0].equals("out"), PresenceType.fromValue(head[1]),
                    assertNotNull(byName.get(f[1].strip()), f[1]), f[2].strip().equals("A"),
                    assertNotNull(byName.get(f[3].strip()), f[3]), f[4].strip().equals("A"), actions);
            if (rows.put(key(row.outbound, row.type, row.state, row.approved), row) != null) throw new IllegalStateException("duplicate " + line);
        }
        return rows;
    }

    private static <T> T assertNotNull(T value, String what) {
        if (value == null) throw new IllegalStateException("unknown state " + what);
        return value;
    }

    /** Every (direction, type, state, approved): 2 x 4 x 9 x 2 = 144 cells. */
    static Stream<Arguments> allCells() {
        List<Arguments> out = new ArrayList<>();
        for (boolean outbound : new boolean[] {true, false})
            for (PresenceType t : PresenceType.values())
                for (SubscriptionState s : SubscriptionState.values())
                    for (boolean approved : new boolean[] {false, true})
                        out.add(Arguments.of(outbound ? "out" : "in", t, s, approved));
        return out.stream();
    }

    @Test
    void expectationTableHasEveryMeaningfulRow() {
        assertEquals(2 * 4 * (9 + 3), ROWS.size());
    }

    @ParameterizedTest(name = "{0} {1} in {2}, approved={3}")
    @MethodSource("allCells")
    void cellMatchesTheRfc(String direction, PresenceType type, SubscriptionState state, boolean approved) {
        boolean outbound = direction.equals("out");
        boolean meaningful = approved && state.canCarryPreApproval();
        Row row = ROWS.get(key(outbound, type, state, meaningful));
        assertNotNull(row, "no expectation for " + key(outbound, type, state, meaningful));

        Transition t = outbound ? SubscriptionTable.outbound(state, approved, type)
                                : SubscriptionTable.inbound(state, approved, type);

        assertEquals(row.newState, t.newState(), "new state");
        assertEquals(row.newApproved, t.newApproved(), "new approved");
        assertEquals(row.actions, t.actions(), "actions");
        assertEquals(row.newState != state || row.newApproved != meaningful, t.stateChanged(), "stateChanged");
    }

    /** Cross-checks that hold for every cell, whatever the RFC row says. */
    @ParameterizedTest(name = "{0} {1} in {2}, approved={3}")
    @MethodSource("allCells")
    void cellIsConsistent(String direction, PresenceType type, SubscriptionState state, boolean approved) {
        boolean outbound = direction.equals("out");
        Transition t = outbound ? SubscriptionTable.outbound(state, approved, type)
                                : SubscriptionTable.inbound(state, approved, type);
        boolean before = approved && state.canCarryPreApproval();

        // a push exactly when what the client sees of the item changes
        boolean visibleChange = !t.newState().subscription().equals(state.subscription())
                || t.newState().askSubscribe() != state.askSubscribe() || t.newApproved() != before;
        assertEquals(visibleChange, t.has(SubscriptionAction.ROSTER_PUSH), "push iff visible change");

        // routing is outbound only, delivering inbound only
        if (!outbound) assertFalse(t.has(SubscriptionAction.ROUTE));
        if (outbound) assertFalse(t.has(SubscriptionAction.DELIVER_TO_USER) || t.has(SubscriptionAction.DELIVER_TO_INTERESTED));

        // IGNORE means nothing at all happens
        if (t.ignored()) {
            assertEquals(Set.of(SubscriptionAction.IGNORE), t.actions());
            assertFalse(t.stateChanged());
        }

        // pre-approval actions agree with the flag
        assertEquals(!before && t.newApproved(), t.has(SubscriptionAction.RECORD_PRE_APPROVAL));
        assertEquals(before && !t.newApproved(),
                t.has(SubscriptionAction.CONSUME_PRE_APPROVAL) || t.has(SubscriptionAction.CANCEL_PRE_APPROVAL));

        // the contact's view of the user's presence: unavailable when taken away, current presence when granted
        if (state.contactSeesMyPresence() && !t.newState().contactSeesMyPresence()) {
            assertTrue(t.has(SubscriptionAction.SEND_UNAVAILABLE_PRESENCE));
        }
        if (!state.contactSeesMyPresence() && t.newState().contactSeesMyPresence()) {
            assertTrue(t.has(SubscriptionAction.SEND_AVAILABLE_PRESENCE));
        }
    }

    @Test
    void unavailablePresenceGoesOutBeforeTheCancellationIsRouted() {
        List<SubscriptionAction> order = new ArrayList<>(
                SubscriptionTable.outbound(SubscriptionState.BOTH, false, PresenceType.UNSUBSCRIBED).actions());
        assertEquals(List.of(SubscriptionAction.SEND_UNAVAILABLE_PRESENCE, SubscriptionAction.ROUTE,
                SubscriptionAction.ROSTER_PUSH), order);
    }

    @Test
    void currentPresenceGoesOutAfterTheApprovalIsRouted() {
        List<SubscriptionAction> order = new ArrayList<>(
                SubscriptionTable.outbound(SubscriptionState.NONE_PENDING_IN, false, PresenceType.SUBSCRIBED).actions());
        assertEquals(List.of(SubscriptionAction.ROUTE, SubscriptionAction.ROSTER_PUSH,
                SubscriptionAction.SEND_AVAILABLE_PRESENCE), order);
    }

    @Test
    void preApprovalFeatureElement() {
        assertEquals("<sub xmlns=\"urn:xmpp:features:pre-approval\"/>",
                SubscriptionTable.preApprovalFeature().toXml("urn:ietf:params:xml:ns:xmpp-streams"));
    }
}
