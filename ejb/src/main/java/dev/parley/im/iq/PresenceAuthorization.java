package dev.parley.im.iq;

import dev.parley.xmpp.jid.Jid;

/**
 * Whether an entity may receive presence from a local account: the account's roster has a
 * subscription of type "from" or "both" for it (RFC 6121 §3). Service discovery answers on an
 * account's behalf only to such entities (XEP-0030 §8).
 *
 * <p>The roster implements this as a CDI bean. While no bean implements it, nobody but the account
 * itself is authorized.
 */
public interface PresenceAuthorization {
    boolean mayReceivePresence(Jid account, Jid requester);
}
