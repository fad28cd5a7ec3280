package dev.parley.xmpp.ra;

import dev.parley.xmpp.api.XmppListener;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;

/**
 * Activation of the listener MDB. Every setting is optional here: the server reads its configuration
 * through MicroProfile Config (see config/CONFIGURATION.md). A property set here wins over the config
 * source, so an MDB can pin a value. Properties are Strings on purpose: the container does not expand
 * {@code ${key:default}} in activation-config values and would fail deployment on a typed property.
 */
@Activation(messageListeners = XmppListener.class)
public class XmppActivationSpec implements ActivationSpec, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private transient ResourceAdapter ra;

    @ConfigProperty(description = "XMPP domain; overrides xmpp.domain")
    private String domain;
    @ConfigProperty(description = "c2s port; overrides xmpp.c2s.port")
    private String c2sPort;
    @ConfigProperty(description = "direct TLS port; overrides xmpp.c2s.direct-tls-port")
    private String directTlsPort;

    public String getDomain() { return domain; }
    public void setDomain(String domain) { this.domain = domain; }
    public String getC2sPort() { return c2sPort; }
    public void setC2sPort(String c2sPort) { this.c2sPort = c2sPort; }
    public String getDirectTlsPort() { return directTlsPort; }
    public void setDirectTlsPort(String directTlsPort) { this.directTlsPort = directTlsPort; }

    /** Value of a spec property by its config key, or null; unexpanded ${...} placeholders count as unset. */
    String override(String key) {
        String v = switch (key) {
            case "xmpp.domain" -> domain;
            case "xmpp.c2s.port" -> c2sPort;
            case "xmpp.c2s.direct-tls-port" -> directTlsPort;
            default -> null;
        };
        return v == null || v.isBlank() || v.startsWith("${") ? null : v;
    }

    @Override public void validate() throws InvalidPropertyException { }
    @Override public ResourceAdapter getResourceAdapter() { return ra; }
    @Override public void setResourceAdapter(ResourceAdapter ra) throws ResourceException { this.ra = ra; }
}
