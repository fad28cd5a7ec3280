package dev.parley.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A raw XMPP-over-WebSocket client (RFC 7395) on the JDK's WebSocket: every received text message is
 * one frame, kept in arrival order. Authenticates with its own SCRAM-SHA-256 (RFC 5802, RFC 7677),
 * written independently of the server's.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    public static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";
    public static final String OPEN = "<open xmlns='" + FRAMING + "' to='" + Xmpp.DOMAIN + "' version='1.0'/>";
    public static final String CLOSE = "<close xmlns='" + FRAMING + "'/>";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<String> received = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    /** The close status code the server sent (or -1 when the connection broke). */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket ws;

    public static URI uri() { return URI.create("ws://127.0.0.1:" + Xmpp.httpPort() + "/xmpp-websocket"); }

    /** Connects, asking for the given subprotocols (none: no Sec-WebSocket-Protocol header). */
    public static WsClient connect(URI uri, String... subprotocols) throws Exception {
        WsClient c = new WsClient();
        WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (subprotocols.length > 0) b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        c.ws = b.buildAsync(uri, c).get(20, TimeUnit.SECONDS);
        return c;
    }

    public static WsClient connect() throws Exception { return connect(uri(), "xmpp"); }

    public String subprotocol() { return ws.getSubprotocol(); }

    // ------------------------------------------------------------------ WebSocket.Listener

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    // ------------------------------------------------------------------ frames

    public WsClient send(String frame) {
        ws.sendText(frame, true).join();
        return this;
    }

    public WsClient sendBinary(byte[] data) {
        ws.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next frame, waiting up to 15 s. */
    public String next() throws InterruptedException {
        String f = frames.poll(15, TimeUnit.SECONDS);
        assertNotNull(f, "no frame from the server; received so far: " + received);
        received.add(f);
        return f;
    }

    /** The next frame within the timeout, or null. */
    public String poll(long millis) throws InterruptedException {
        String f = frames.poll(millis, TimeUnit.MILLISECONDS);
        if (f != null) received.add(f);
        return f;
    }

    /** Reads frames until one contains {@code marker}, and returns that one. */
    public String await(String marker) throws InterruptedException {
        while (true) {
            String f = next();
            if (f.contains(marker)) return f;
        }
    }

    /** Waits for the server to close the WebSocket; returns its status code. */
    public int awaitClose() throws Exception {
        return closed.get(15, TimeUnit.SECONDS);
    }

    /** Drops the connection without a WebSocket close handshake (a lost network, a killed tab). */
    public void abort() { ws.abort(); }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(t -> null);
        ws.abort();
    }

    // ------------------------------------------------------------------ XMPP

    /** Opens the stream and returns the features frame. */
    public String open() throws InterruptedException {
        send(OPEN);
        String header = next();
        assertTrue(header.startsWith("<open ") && header.contains(FRAMING), header);
        return await("features");
    }

    /** Opens, authenticates with SCRAM-SHA-256, restarts, binds {@code resource}; returns the full JID. */
    public String login(String user, String password, String resource) throws Exception {
        String features = open();
        assertTrue(features.contains("<mechanism>SCRAM-SHA-256</mechanism>"), features);
        scramSha256(user, password);
        send(OPEN);
        assertTrue(next().startsWith("<open "));
        assertTrue(await("features").contains("urn:ietf:params:xml:ns:xmpp-bind"));
        send("<iq xmlns='jabber:client' type='set' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>"
                + resource + "</resource></bind></iq>");
        String bound = await("bind-1");
        Matcher m = Pattern.compile("<jid>([^<]+)</jid>").matcher(bound);
        assertTrue(m.find(), bound);
        return m.group(1);
    }

    /** SCRAM-SHA-256 without channel binding, verifying the server's signature. */
    public void scramSha256(String user, String password) throws Exception {
        byte[] r = new byte[18];
        new SecureRandom().nextBytes(r);
        String nonce = Base64.getEncoder().encodeToString(r);
        String clientFirstBare = "n=" + user + ",r=" + nonce;
        send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
                + b64("n,," + clientFirstBare) + "</auth>");
        String serverFirst = unb64(content(await("challenge")));
        Map<Character, String> a = attributes(serverFirst);
        assertTrue(a.get('r').startsWith(nonce), serverFirst);
        byte[] salted = pbkdf2(password, Base64.getDecoder().decode(a.get('s')), Integer.parseInt(a.get('i')));
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=" + b64("n,,") + ",r=" + a.get('r');
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = clientKey.clone();
        for (int i = 0; i < proof.length; i++) proof[i] ^= signature[i];
        send("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + b64(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)) + "</response>");
        String success = next();
        assertTrue(success.startsWith("<success"), "SCRAM failed: " + success);
        String v = attributes(unb64(content(success))).get('v');
        assertTrue(MessageDigest.isEqual(Base64.getDecoder().decode(v), hmac(hmac(salted, "Server Key"), authMessage)),
                "server signature");
    }

    private static String content(String element) {
        return element.substring(element.indexOf('>') + 1, element.lastIndexOf('<'));
    }

    private static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }
    private static String unb64(String s) { return new String(Base64.getDecoder().decode(s.trim()), StandardCharsets.UTF_8); }

    private static Map<Character, String> attributes(String s) {
        Map<Character, String> m = new HashMap<>();
        for (String part : s.split(",")) if (part.length() >= 2 && part.charAt(1) == '=') m.put(part.charAt(0), part.substring(2));
        return m;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
