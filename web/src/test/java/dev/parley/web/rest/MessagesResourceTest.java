package dev.parley.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.parley.im.message.MessageService.Outcome;
import dev.parley.im.message.MessageService.ServiceResult;
import dev.parley.web.rest.MessagesResource.MessageResult;
import dev.parley.web.rest.MessagesResource.SendMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessagesResourceTest {

    @Test
    void fieldsBecomeTheInboundMapKeysAndABlankSenderIsTheDomain() {
        Map<String, String> f = MessagesResource.fields(new SendMessage(" ", "alice@example.com", null, "s", "hello", null));
        assertEquals(Map.of("to", "alice@example.com", "subject", "s", "body", "hello"), f);
        assertFalse(f.containsKey("from"), "InboundFormat then uses the domain");
    }

    @Test
    void acceptedMessagesAre200WithTheirOutcome() {
        ServiceResult delivered = new ServiceResult(Outcome.DELIVERED, 2, null, null);
        assertEquals(200, MessagesResource.status(delivered));
        assertEquals(new MessageResult("alice@example.com", "delivered", 2, null), MessagesResource.entity("alice@example.com", delivered));
        ServiceResult stored = new ServiceResult(Outcome.STORED, 0, null, null);
        assertEquals(200, MessagesResource.status(stored));
        assertEquals("stored", ((MessageResult) MessagesResource.entity("a@example.com", stored)).outcome());
        assertEquals(200, MessagesResource.status(new ServiceResult(Outcome.DROPPED, 0, null, "no available resource")));
    }

    @Test
    void refusedMessagesAre404Or503WithTheReason() {
        assertEquals(404, MessagesResource.status(new ServiceResult(Outcome.REFUSED, 0, "item-not-found", "not a local account")));
        ServiceResult full = new ServiceResult(Outcome.REFUSED, 0, "service-unavailable", "the offline store is full");
        assertEquals(503, MessagesResource.status(full));
        assertEquals(new ApiError("not delivered (service-unavailable): the offline store is full"), MessagesResource.entity("a@example.com", full));
    }
}
