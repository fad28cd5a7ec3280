/** The JCA resource adapter: lifecycle, endpoint activation, WorkManager threads. */
package dev.parley.xmpp.ra;
