package dev.parley.xmpp.server;

import dev.parley.xmpp.api.AccountCredentials;
import dev.parley.xmpp.api.Ns;
import dev.parley.xmpp.api.Stanzas;
import dev.parley.xmpp.api.XmppListener;
import dev.parley.xmpp.api.XmppSession;
import dev.parley.xmpp.jid.InvalidJidException;
import dev.parley.xmpp.jid.Jid;
import dev.parley.xmpp.sasl.SaslContext;
import dev.parley.xmpp.sasl.SaslExchange;
import dev.parley.xmpp.sasl.SaslFailure;
import dev.parley.xmpp.sasl.SaslMechanism;
import dev.parley.xmpp.xml.Element;
import dev.parley.xmpp.xml.StreamEvent;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client stream (RFC 6120): the negotiation state machine (stream header, STARTTLS, SASL, resource
 * binding) and the ordered mailbox through which its stanzas reach the application listener.
 *
 * <p>Threading: the transport's I/O thread only calls {@link #inbound} (enqueue). Everything else
 * runs on a dispatcher worker, one at a time per session, in arrival order. Sends may come from any thread.
 * Before a resource is bound the transport pauses reading after each element until the worker has
 * handled it, so a stream restart (after STARTTLS or SASL) is applied before the next bytes are parsed.
 */
public final class StreamSession implements XmppSession, Dispatcher.Job {
    private static final Logger LOG = Logger.getLogger(StreamSession.class.getName());
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private static final int BATCH = 64;

    enum State { NEGOTIATING, AUTHENTICATED, BOUND, CLOSED }

    /** Internal mailbox events besides the tokenizer's. */
    public record ParseError(String condition, String text) { }
    private record TransportClosed() { }
    private static final TransportClosed TRANSPORT_CLOSED = new TransportClosed();

    private final XmppNode node;
    private final ServerConfig config;
    private final Transport transport;
    private final ConcurrentLinkedQueue<Object> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean readPaused;
    private volatile State state = State.NEGOTIATING;
    private volatile boolean headerSent;
    private volatile String id;
    private volatile Jid jid;
    private volatile Instant boundAt;
    private volatile Object attachment;
    private String lang = "en";
    private boolean streamOpen;
    private boolean tlsDone;
    private String user;            // authenticated username
    private SaslExchange sasl;
    private int authFailures;
    private boolean graceful;
    private XmppListener listener;  // the worker's endpoint while processing

    StreamSession(XmppNode node, Transport transport) {
        this.node = node;
        this.config = node.config();
        this.transport = transport;
        this.tlsDone = transport.secure();
        this.id = newId();
    }

    // ---------------------------------------------------------------- I/O thread side

    /**
     * Called by the transport's I/O thread for every parsed event. Returns true when the transport must
     * stop reading until {@link Transport#resumeReading()}: always before the resource is bound, and when
     * the mailbox is over its high watermark.
     */
    public boolean inbound(Object event) {
        boolean pause = state != State.BOUND || pending.get() + 1 >= config.mailboxHighWatermark;
        if (pause) readPaused = true; // before enqueueing, so the worker cannot miss it
        enqueue(event);
        return pause;
    }

    /** The tokenizer rejected the input: queue the stream error behind what was already parsed. */
    public void parseError(String condition, String text) {
        enqueue(new ParseError(condition, text));
    }

    /** The connection is gone (closed by the peer, by us, or broken). */
    public void transportClosed() {
        enqueue(TRANSPORT_CLOSED);
    }

    private void enqueue(Object event) {
        mailbox.add(event);
        pending.incrementAndGet();
        if (scheduled.compareAndSet(false, true)) node.dispatcher().submit(this);
    }

    // ---------------------------------------------------------------- worker side

    @Override
    public void run(XmppListener l) {
        listener = l;
        try {
            for (int i = 0; i < BATCH; i++) {
                Object ev = mailbox.poll();
                if (ev == null) break;
                pending.decrementAndGet();
                try {
                    process(ev);
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "Error processing stream " + id + " (" + jid + ")", e);
                    if (!(ev instanceof TransportClosed)) close("internal-server-error", null);
                }
            }
            if (readPaused && pending.get() <= config.mailboxHighWatermark / 2 && !closed.get()) {
                readPaused = false;
                transport.resumeReading();
            }
        } finally {
            listener = null;
            scheduled.set(false);
            if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) node.dispatcher().submit(this);
        }
    }

    private void process(Object ev) {
        if (ev instanceof TransportClosed) { onTransportClosed(); return; }
        if (state == State.CLOSED) return;
        if (ev instanceof StreamEvent.Stanza s) onElement(s.element());
        else if (ev instanceof StreamEvent.Open o) onOpen(o);
        else if (ev instanceof StreamEvent.Close) { graceful = true; closeStream(); }
        else if (ev instanceof ParseError p) close(p.condition(), p.text());
    }

    private void onOpen(StreamEvent.Open o) {
        if (o.lang() != null && !o.lang().isBlank()) lang = o.lang();
        if (streamOpen) { close("bad-format", "stream header inside a stream"); return; }
        streamOpen = true;
        if (headerSent) id = newId(); // every restarted stream gets a new id
        sendHeader(o.from());
        if (!Ns.CLIENT.equals(o.defaultNamespace())) { close("invalid-namespace", "the content namespace must be jabber:client"); return; }
        String to = o.to();
        if (to != null) {
            Jid toJid = Jid.parseOrNull(to);
            if (toJid == null || !toJid.isBare() || toJid.local() != null || !toJid.domain().equals(config.domain)) {
                close("host-unknown", "this server serves " + config.domain);
                return;
            }
        }
        String version = o.version();
        if (version == null || !version.matches("\\d+\\.\\d+") || Integer.parseInt(version.substring(0, version.indexOf('.'))) < 1) {
            close("unsupported-version", "XMPP 1.0 streams only");
            return;
        }
        transport.write(features());
    }

    private void sendHeader(String clientFrom) {
        StringBuilder sb = new StringBuilder(256);
        if (!transport.framed()) {
            sb.append("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'");
        } else {
            sb.append("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'");
        }
        sb.append(" id='").append(id).append("' from='").append(Element.escape(config.domain)).append('\'');
        if (clientFrom != null) {
            Jid f = Jid.parseOrNull(clientFrom);
            if (f != null) sb.append(" to='").append(Element.escape(f.toString())).append('\'');
        }
        sb.append(" version='1.0' xml:lang='").append(Element.escape(lang)).append('\'');
        sb.append(transport.framed() ? "/>" : ">");
        synchronized (this) {
            headerSent = true;
            transport.write(sb.toString());
        }
    }

    private String features() {
        StringBuilder f = new StringBuilder(512).append(transport.framed() ? "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>" : "<stream:features>");
        if (state == State.NEGOTIATING) {
            boolean tlsOffered = !tlsDone && transport.tlsAvailable();
            if (tlsOffered) {
                f.append("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>");
                if (config.tlsRequired) f.append("<required/>");
                f.append("</starttls>");
            }
            if (!(tlsOffered && config.tlsRequired)) {
                // RFC 6120 §5.3.1: while TLS is mandatory-to-negotiate, SASL is not offered.
                f.append("<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>");
                SaslContext ctx = saslContext();
                for (SaslMechanism m : node.mechanisms().offered(ctx)) f.append("<mechanism>").append(m.name()).append("</mechanism>");
                f.append("</mechanisms>");
                if (tlsDone && !ctx.channelBindingTypes().isEmpty()) { // XEP-0440: at least one type, or no element
                    f.append("<sasl-channel-binding xmlns='urn:xmpp:sasl-cb:0'>");
                    for (String t : ctx.channelBindingTypes()) f.append("<channel-binding type='").append(t).append("'/>");
                    f.append("</sasl-channel-binding>");
                }
                if (registrationAllowed()) f.append("<register xmlns='http://jabber.org/features/iq-register'/>");
            }
        } else if (state == State.AUTHENTICATED) {
            f.append("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>");
            f.append("<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>");
            for (String extra : node.boundFeatures()) f.append(extra);
        }
        return f.append("</stream:features>").toString();
    }

    private boolean registrationAllowed() {
        return config.registrationEnabled && (tlsDone || config.plaintextAuthAllowed);
    }

    private void onElement(Element el) {
        switch (state) {
            case BOUND -> onBoundStanza(el);
            case AUTHENTICATED -> onAuthenticatedElement(el);
            case NEGOTIATING -> onNegotiationElement(el);
            default -> { }
        }
    }

    // ------------------------------------------------------------ negotiation

    private void onNegotiationElement(Element el) {
        String ns = el.namespace();
        if (Ns.TLS.equals(ns) && el.name().equals("starttls")) { onStartTls(); return; }
        if (Ns.SASL.equals(ns)) { onSasl(el); return; }
        if (config.tlsRequired && !tlsDone && transport.tlsAvailable()) {
            close("policy-violation", "STARTTLS is required");
            return;
        }
        if (el.is("iq", Ns.CLIENT) && el.elementNs(Ns.REGISTER) != null) { onUnauthenticatedRegister(el); return; }
        close("not-authorized", "authenticate first");
    }

    private void onStartTls() {
        if (tlsDone || !transport.tlsAvailable() || sasl != null) {
            transport.write("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            closeStream();
            return;
        }
        tlsDone = true;
        streamOpen = false;
        transport.startTls("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    }

    private void onSasl(Element el) {
        switch (el.name()) {
            case "auth" -> {
                if (sasl != null) { saslFailure("malformed-request", "an exchange is in progress"); return; }
                if (config.tlsRequired && !tlsDone && transport.tlsAvailable()) { saslFailure("encryption-required", null); return; }
                SaslContext ctx = saslContext();
                SaslMechanism m = node.mechanisms().get(el.attr("mechanism"));
                if (m == null) { saslFailure("invalid-mechanism", null); return; }
                if (!m.availableFor(ctx)) {
                    // e.g. PLAIN on a plaintext stream: RFC 6120 §6.5.5 encryption-required
                    saslFailure(ctx.secure() ? "invalid-mechanism" : "encryption-required", null);
                    return;
                }
                byte[] initial;
                String text = el.text().trim();
                if (text.isEmpty()) initial = null;
                else if (text.equals("=")) initial = new byte[0];
                else {
                    try { initial = Base64.getDecoder().decode(text); } catch (IllegalArgumentException e) { saslFailure("incorrect-encoding", null); return; }
                }
                sasl = m.start(ctx);
                if (initial == null) { transport.write("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"); return; }
                saslStep(initial);
            }
            case "response" -> {
                if (sasl == null) { saslFailure("malformed-request", "no exchange in progress"); return; }
                String text = el.text().trim();
                byte[] data;
                try { data = text.isEmpty() || text.equals("=") ? new byte[0] : Base64.getDecoder().decode(text); }
                catch (IllegalArgumentException e) { sasl = null; saslFailure("incorrect-encoding", null); return; }
                saslStep(data);
            }
            case "abort" -> { sasl = null; saslFailure("aborted", null); }
            default -> saslFailure("malformed-request", null);
        }
    }

    private void saslStep(byte[] data) {
        SaslExchange.Step step;
        try {
            step = sasl.evaluate(data);
        } catch (SaslFailure f) {
            sasl = null;
            saslFailure(f.conditionName(), f.text());
            return;
        }
        if (step instanceof SaslExchange.Challenge c) {
            transport.write("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + b64(c.data()) + "</challenge>");
            return;
        }
        user = sasl.authenticatedUser();
        sasl = null;
        byte[] extra = ((SaslExchange.Success) step).additionalData();
        transport.write(extra == null ? "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>"
                : "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + b64(extra) + "</success>");
        state = State.AUTHENTICATED;
        streamOpen = false;
        transport.restartStream();
    }

    private void saslFailure(String condition, String text) {
        StringBuilder sb = new StringBuilder("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><").append(condition).append("/>");
        if (text != null && !text.isBlank()) sb.append("<text xml:lang='en'>").append(Element.escape(text)).append("</text>");
        transport.write(sb.append("</failure>").toString());
        if (!"aborted".equals(condition) && !"invalid-mechanism".equals(condition)) {
            node.metrics().authFailure();
            LOG.info(() -> "authentication failed (" + condition + ") from " + transport.remoteAddress());
        }
        // RFC 6120 §6.4.5: a configurable number of retries, then the stream is closed.
        if (++authFailures >= config.maxAuthFailures) close("policy-violation", "too many failed authentication attempts");
    }

    private static String b64(byte[] data) {
        return data == null || data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }

    private SaslContext saslContext() {
        return new SaslContext() {
            @Override public boolean secure() { return tlsDone && transport.secure(); }
            @Override public byte[] channelBinding(String type) {
                return "tls-server-end-point".equals(type) && secure() ? transport.tlsServerEndPoint() : null;
            }
            @Override public Set<String> channelBindingTypes() {
                return secure() && transport.tlsServerEndPoint() != null ? Set.of("tls-server-end-point") : Set.of();
            }
            @Override public boolean plainAllowedWithoutTls() { return config.plaintextAuthAllowed; }
            @Override public boolean strictChannelBinding() { return config.strictChannelBinding; }
            @Override public AccountCredentials credentials(String username) { return listener.credentials(username); }
        };
    }

    private void onUnauthenticatedRegister(Element iq) {
        if (!config.registrationEnabled) {
            transport.write(Stanzas.error(iq, Stanzas.CANCEL, "service-unavailable").toXml());
            return;
        }
        if (!registrationAllowed()) {
            transport.write(Stanzas.error(iq, Stanzas.CANCEL, "not-acceptable", "registration requires TLS").toXml());
            return;
        }
        iq.attr("from", null);
        Element reply = listener.unauthenticatedIq(this, iq);
        if (reply != null) transport.write(reply.toXml());
    }

    private void onAuthenticatedElement(Element el) {
        if (el.is("iq", Ns.CLIENT) && "set".equals(el.attr("type")) && el.element("bind", Ns.BIND) != null) { bind(el); return; }
        if (el.is("iq", Ns.CLIENT) && el.element("session", Ns.SESSION) != null) { transport.write(Stanzas.result(el).toXml()); return; }
        close("not-authorized", "bind a resource first");
    }

    private void bind(Element iq) {
        String resource = iq.element("bind", Ns.BIND).childText("resource", Ns.BIND);
        if (resource == null || resource.isBlank()) resource = "parley-" + newId().substring(0, 10);
        Jid full;
        try {
            full = Jid.of(user, config.domain, resource);
        } catch (InvalidJidException e) {
            transport.write(Stanzas.error(iq, Stanzas.MODIFY, "bad-request", "invalid resource").toXml());
            return;
        }
        SessionRegistryImpl.BindResult r = node.registry().bind(this, full, config.maxResourcesPerAccount);
        if (r.outcome() == SessionRegistryImpl.BindOutcome.LIMIT) {
            transport.write(Stanzas.error(iq, Stanzas.WAIT, "resource-constraint", "too many resources").toXml());
            return;
        }
        boundAt = Instant.now();
        jid = full;
        state = State.BOUND;
        if (r.replaced() != null) r.replaced().close("conflict", "replaced by a new session with the same resource");
        Element result = Stanzas.result(iq);
        result.attr("to", null).attr("from", null);
        result.addChild("bind", Ns.BIND).addChild("jid", Ns.BIND).text(full.toString());
        transport.write(result.toXml());
        node.metrics().sessionStarted();
        LOG.fine(() -> "session start " + full + " from " + transport.remoteAddress() + " over " + transport.name() + (transport.secure() ? "+tls" : ""));
        listener.sessionStarted(this);
    }

    // ------------------------------------------------------------ bound stream

    private void onBoundStanza(Element el) {
        if (!Ns.CLIENT.equals(el.namespace()) || !(el.name().equals("message") || el.name().equals("presence") || el.name().equals("iq"))) {
            close("unsupported-stanza-type", null);
            return;
        }
        node.metrics().stanzaIn();
        el.attr("from", jid.toString()); // RFC 6120 §8.1.2.1
        if (el.name().equals("iq") && el.element("session", Ns.SESSION) != null && "set".equals(el.attr("type")) && el.attr("to") == null) {
            transport.write(Stanzas.result(el).attr("to", null).toXml());
            return;
        }
        try {
            listener.stanza(this, el);
        } catch (RuntimeException e) {
            // The stanza was accepted; it must not vanish silently (RFC 6120 §8.3).
            LOG.log(Level.WARNING, "listener failed on a stanza from " + jid, e);
            if (!Stanzas.isError(el)) send(Stanzas.error(el, Stanzas.WAIT, "internal-server-error"));
        }
    }

    private void onTransportClosed() {
        boolean wasBound = state == State.BOUND;
        state = State.CLOSED;
        closed.set(true);
        Jid j = jid;
        if (wasBound) {
            node.registry().unbind(this, j);
            node.metrics().sessionEnded();
            LOG.fine(() -> "session end " + j + " from " + transport.remoteAddress() + (graceful ? "" : " (connection lost)"));
            try {
                listener.sessionEnded(this, graceful);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "listener failed on session end of " + j, e);
            }
        }
    }

    // ------------------------------------------------------------ XmppSession

    @Override public String id() { return id; }
    @Override public Jid jid() { return jid; }
    @Override public String remoteAddress() { return transport.remoteAddress(); }
    @Override public boolean secure() { return transport.secure(); }
    @Override public String transport() { return transport.name(); }
    @Override public String lang() { return lang; }
    @Override public Instant boundAt() { return boundAt; }
    @Override public Object attachment() { return attachment; }
    @Override public void attachment(Object state) { this.attachment = state; }
    @Override public boolean isOpen() { return !closed.get(); }

    @Override
    public void send(Element stanza) {
        if (closed.get()) return;
        node.metrics().stanzaOut();
        transport.write(stanza.toXml());
    }

    @Override
    public void sendRaw(String xml) {
        if (closed.get()) return;
        node.metrics().stanzaOut();
        transport.write(xml);
    }

    /** Ends the stream gracefully: our closing tag, then the connection. */
    private void closeStream() {
        if (!closed.compareAndSet(false, true)) return;
        transport.write(transport.framed() ? "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>" : "</stream:stream>");
        transport.close();
    }

    @Override
    public void close(String condition, String text) {
        if (condition == null) { closeStream(); return; }
        if (!closed.compareAndSet(false, true)) return;
        synchronized (this) {
            if (!headerSent) sendHeader(null); // RFC 6120 §4.9.1.3: a header first, even when the error is in theirs
            StringBuilder sb = new StringBuilder(160).append(transport.framed()
                    ? "<stream:error xmlns:stream='http://etherx.jabber.org/streams'>" : "<stream:error>");
            sb.append('<').append(condition).append(" xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
            if (text != null) sb.append("<text xmlns='urn:ietf:params:xml:ns:xmpp-streams' xml:lang='en'>").append(Element.escape(text)).append("</text>");
            sb.append("</stream:error>");
            sb.append(transport.framed() ? "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>" : "</stream:stream>");
            transport.write(sb.toString());
        }
        LOG.fine(() -> "stream error " + condition + " to " + (jid != null ? jid : transport.remoteAddress()));
        transport.close();
    }

    public boolean authenticated() { return state == State.AUTHENTICATED || state == State.BOUND; }

    private static String newId() {
        byte[] b = new byte[12];
        RANDOM.get().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
