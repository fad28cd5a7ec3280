/**
 * Roster and presence subscription logic of RFC 6121 §2-§3, as plain classes without container dependencies.
 *
 * <ul>
 *   <li>{@link dev.parley.im.roster.SubscriptionState}: the nine states of Appendix A.1;</li>
 *   <li>{@link dev.parley.im.roster.SubscriptionTable}: the outbound/inbound transition tables of Appendix A.2/A.3
 *       with the actions of §3.1-§3.4, and their application to stored items;</li>
 *   <li>{@link dev.parley.im.roster.RosterItem}: a roster item and its XML (§2.1.2);</li>
 *   <li>{@link dev.parley.im.roster.RosterItemParser}: validation of a client's roster set (§2.3, §2.5);</li>
 *   <li>{@link dev.parley.im.roster.RosterVersioning}: roster versioning bookkeeping (§2.6).</li>
 * </ul>
 */
package dev.parley.im.roster;
