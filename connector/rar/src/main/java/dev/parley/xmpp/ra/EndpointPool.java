package dev.parley.xmpp.ra;

import dev.parley.xmpp.api.XmppListener;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

/** Creates message endpoints (the MDB proxies); each worker thread owns one for its lifetime. */
final class EndpointPool {
    private final MessageEndpointFactory factory;

    EndpointPool(MessageEndpointFactory factory) { this.factory = factory; }

    XmppListener acquire() {
        // The MDB container may not be ready the instant endpointActivation returns: retry briefly.
        UnavailableException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return (XmppListener) factory.createEndpoint(null);
            } catch (UnavailableException e) {
                last = e;
                try { Thread.sleep(100); } catch (InterruptedException ie) { Thread.currentThread().interrupt(); break; }
            }
        }
        throw new IllegalStateException("message endpoint unavailable", last);
    }

    void release(XmppListener listener) {
        if (listener instanceof MessageEndpoint me) me.release();
    }
}
