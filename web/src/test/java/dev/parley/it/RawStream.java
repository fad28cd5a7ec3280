package dev.parley.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A raw TCP client for tests that must send what no well-behaved library would: malformed XML,
 * DTDs, oversized stanzas. Reads accumulate; {@link #await} waits for a pattern in what was received.
 */
public final class RawStream implements AutoCloseable {
    public static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    public RawStream(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(200);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawStream send(String s) throws IOException { return send(s.getBytes(StandardCharsets.UTF_8)); }

    public RawStream send(byte[] b) throws IOException {
        out.write(b);
        out.flush();
        return this;
    }

    /** Waits until what was received matches {@code regex} (DOTALL) and returns all of it. */
    public String await(String regex, long timeoutMillis) throws IOException {
        Pattern p = Pattern.compile(regex, Pattern.DOTALL);
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[8192];
        while (true) {
            String s = received.toString(StandardCharsets.UTF_8);
            if (p.matcher(s).find()) return s;
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for /" + regex + "/; received: " + s);
            try {
                int n = in.read(buf);
                if (n < 0) {
                    s = received.toString(StandardCharsets.UTF_8);
                    if (p.matcher(s).find()) return s;
                    throw new AssertionError("connection closed before /" + regex + "/; received: " + s);
                }
                received.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // poll again
            }
        }
    }

    /** True once the server has closed the connection (read returns EOF) within the timeout. */
    public boolean closedByServer(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buf = new byte[8192];
        while (System.currentTimeMillis() < deadline) {
            try {
                int n = in.read(buf);
                if (n < 0) return true;
                received.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }

    public String received() { return received.toString(StandardCharsets.UTF_8); }

    @Override public void close() throws IOException { socket.close(); }
}
