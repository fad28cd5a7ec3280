package dev.parley.im.roster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SubscriptionStateTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # RFC 6121 A.1         | subscription | ask   | pending in | contact sees me | I see contact | pre-approval possible
        None                   | none         | false | false      | false           | false         | true
        None + Pending Out     | none         | true  | false      | false           | false         | true
        None + Pending In      | none         | false | true       | false           | false         | false
        None + Pending Out/In  | none         | true  | true       | false           | false         | false
        To                     | to           | false | false      | false           | true          | true
        To + Pending In        | to           | false | true       | false           | true          | false
        From                   | from         | false | false      | true            | false         | false
        From + Pending Out     | from         | true  | false      | true            | false         | false
        Both                   | both         | false | false      | true            | true          | false
        """)
    void attributesOfEachState(String rfcName, String subscription, boolean ask, boolean pendingIn,
                               boolean contactSeesMe, boolean iSeeContact, boolean preApproval) {
        SubscriptionState s = byName(rfcName);
        assertEquals(subscription, s.subscription());
        assertEquals(ask, s.askSubscribe());
        assertEquals(ask, s.pendingOut());
        assertEquals(pendingIn, s.pendingIn());
        assertEquals(contactSeesMe, s.contactSeesMyPresence());
        assertEquals(iSeeContact, s.iSeeContactPresence());
        assertEquals(preApproval, s.canCarryPreApproval());
        assertEquals(s, SubscriptionState.of(iSeeContact, contactSeesMe, ask, pendingIn));
    }

    @Test
    void impossibleCombinationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SubscriptionState.of(true, false, true, false));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionState.of(false, true, false, true));
    }

    @Test
    void nineStates() {
        assertEquals(9, SubscriptionState.values().length);
    }

    private static SubscriptionState byName(String rfcName) {
        for (SubscriptionState s : SubscriptionState.values()) if (s.rfcName().equals(rfcName)) return s;
        throw new IllegalArgumentException(rfcName);
    }
}
