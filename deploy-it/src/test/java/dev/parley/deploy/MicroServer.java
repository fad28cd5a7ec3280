package dev.parley.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Payara Micro bundle (ear/target/parley-micro*.jar) run as operators run it: {@code java -jar} in its own
 * process with a root directory that is kept across restarts, configuration keys as -D options, the
 * production profile's settings in the environment. {@link #kill()} is kill -9.
 */
final class MicroServer implements AutoCloseable {
    final Path jar;
    final Path root;
    final int c2sPort;
    final int tlsPort;
    final int httpPort;
    private final Map<String, String> env;
    private final List<String> jvmOptions;
    private Process process;
    private Path log;
    private int starts;

    MicroServer(Path jar, Path root, Map<String, String> env, List<String> jvmOptions) throws IOException {
        this.jar = jar;
        this.root = root;
        this.env = env;
        this.jvmOptions = jvmOptions;
        this.c2sPort = Services.freePort();
        this.tlsPort = Services.freePort();
        this.httpPort = Services.freePort();
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " not built (mvn -B install -DskipTests)");
        Files.createDirectories(root);
    }

    /** Starts the server and waits until Payara Micro reports it is ready. */
    MicroServer start() throws Exception {
        starts++;
        log = root.resolve("server-" + starts + ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx768m");
        cmd.add("-Dxmpp.domain=localhost");
        cmd.add("-Dxmpp.c2s.address=127.0.0.1");
        cmd.add("-Dxmpp.c2s.port=" + c2sPort);
        cmd.add("-Dxmpp.c2s.direct-tls-port=" + tlsPort);
        cmd.add("-Dxmpp.admins=" + Clients.ADMIN + "@localhost");
        cmd.add("-Dxmpp.admin.initial-password=" + Clients.ADMIN_PASSWORD);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "--rootdir", root.toString(), "--port", Integer.toString(httpPort), "--nocluster"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (out.contains(" ready in ")) {
                if (!out.contains("XMPP c2s listening")) throw new IllegalStateException("Payara Micro started without the XMPP listener:\n" + tail(out));
                return this;
            }
            if (!process.isAlive()) throw new IllegalStateException("server exited (" + process.exitValue() + "):\n" + tail(out));
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new IllegalStateException("server not ready in 240 s:\n" + tail(Files.readString(log, StandardCharsets.UTF_8)));
    }

    /** kill -9: no shutdown hook, no flush, nothing the server can do about it. */
    void kill() throws Exception {
        Services.Exec r = Services.Exec.run(List.of("kill", "-9", Long.toString(process.pid())), null, 30);
        if (r.code() != 0) throw new IllegalStateException("kill -9 failed: " + r.output());
        process.waitFor();
    }

    String log() throws IOException { return Files.readString(log, StandardCharsets.UTF_8); }

    Clients clients() { return new Clients("127.0.0.1", c2sPort, httpPort); }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    static String tail(String s) { return s.length() > 6000 ? s.substring(s.length() - 6000) : s; }
}
