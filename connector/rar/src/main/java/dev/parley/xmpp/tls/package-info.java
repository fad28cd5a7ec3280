/** TLS key material (configured or self-signed) and the server's TLS contexts for STARTTLS and direct TLS. */
package dev.parley.xmpp.tls;
