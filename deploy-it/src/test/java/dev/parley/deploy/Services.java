package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;

/**
 * The external services of the production profile, started once for all test classes of this JVM and
 * stopped when it exits: a private PostgreSQL cluster on loopback (.ci/postgres-cluster.sh, Debian's
 * binaries) and an ActiveMQ broker with a persistent store, listening on loopback over TCP.
 */
final class Services {
    private Services() { }

    static final String DB_USER = "parley";
    static final String DB_PASSWORD = "parley-it-pw";

    record Postgres(int port, Path dir) {
        String url(String database) { return "jdbc:postgresql://127.0.0.1:" + port + "/" + database; }

        /** Creates an empty database owned by the application's role. */
        String createDatabase(String name) {
            try (Connection c = DriverManager.getConnection(url("parley"), DB_USER, DB_PASSWORD); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + DB_USER + "\"");
            } catch (SQLException e) {
                throw new IllegalStateException("create database " + name, e);
            }
            return url(name);
        }

        Connection connect(String database) throws SQLException {
            return DriverManager.getConnection(url(database), DB_USER, DB_PASSWORD);
        }
    }

    private static Postgres postgres;
    private static String postgresAbsent;
    private static BrokerService broker;
    private static String brokerUrl;

    static Path repo() { return Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize(); }
    static Path itDir() { return Path.of(System.getProperty("it.dir", "target/it")).toAbsolutePath(); }

    /** Why PostgreSQL tests cannot run here (no binaries), or null when they can. */
    static synchronized String postgresAbsent() {
        if (postgres == null && postgresAbsent == null) {
            try {
                Exec r = Exec.run(List.of(repo().resolve(".ci/postgres-cluster.sh").toString(), "bindir"), null, 30);
                if (r.code() == 3) postgresAbsent = "PostgreSQL binaries (initdb, pg_ctl) are not installed (Debian: apt-get install postgresql): "
                        + "the tests that need PostgreSQL are skipped";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return postgres == null ? postgresAbsent : null;
    }

    /** The private PostgreSQL cluster, started on first use. Call {@link #postgresAbsent()} first. */
    static synchronized Postgres postgres() throws IOException {
        if (postgres != null) return postgres;
        if (postgresAbsent() != null) throw new IllegalStateException(postgresAbsent);
        int port = freePort();
        // in the temporary directory, not under target/: when the build runs as root, the server runs as the
        // 'postgres' user, who may not be allowed into the checkout (e.g. under /root)
        Path dir = Files.createTempDirectory("parley-pg-");
        List<String> cmd = List.of(repo().resolve(".ci/postgres-cluster.sh").toString(), "start", dir.toString(),
                Integer.toString(port), "parley", DB_USER, DB_PASSWORD);
        Exec r = Exec.run(cmd, null, 180);
        if (r.code() != 0) throw new IllegalStateException("could not start PostgreSQL: " + r.output());
        System.out.println(r.output().trim());
        postgres = new Postgres(port, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Exec.run(List.of(repo().resolve(".ci/postgres-cluster.sh").toString(), "stop", dir.toString()), null, 60);
                Exec.run(List.of("rm", "-rf", dir.toString()), null, 60);
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        }));
        return postgres;
    }

    /** tcp://127.0.0.1:port of the broker, started on first use. */
    static synchronized String broker() throws Exception {
        if (broker != null) return brokerUrl;
        int port = freePort();
        BrokerService b = new BrokerService();
        b.setBrokerName("parley-it");
        b.setUseJmx(false);
        b.setPersistent(true);
        KahaDBPersistenceAdapter kaha = new KahaDBPersistenceAdapter();
        kaha.setDirectory(itDir().resolve("activemq-" + port).toFile());
        b.setPersistenceAdapter(kaha);
        b.setDataDirectoryFile(itDir().resolve("activemq-" + port).toFile());
        b.addConnector("tcp://127.0.0.1:" + port);
        b.start();
        b.waitUntilStarted();
        broker = b;
        brokerUrl = "tcp://127.0.0.1:" + port;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                b.stop();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
        }));
        return brokerUrl;
    }

    /** Connections the broker has from clients (the resource adapter's connections among them). */
    static synchronized int brokerConnections() {
        return broker == null ? 0 : broker.getTransportConnectors().stream().mapToInt(c -> c.getConnections().size()).sum();
    }

    /** An empty directory at {@code dir}: what a previous run left there is deleted. */
    static Path freshDir(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        return Files.createDirectories(dir);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A base port with the next 100 ports free, for a Payara Server domain (create-domain --portbase). */
    static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            // below the usual ephemeral range (32768-60999): an outgoing connection of any process can take a
            // port there between this check and the moment the domain binds it
            int base = 10000 + 100 * (int) (Math.random() * 220);
            boolean free = true;
            for (int p = base; p < base + 100 && free; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IOException("no block of 100 free ports");
    }

    /** A finished command: exit code and output (stdout and stderr). */
    record Exec(int code, String output) {
        static Exec run(List<String> command, java.util.Map<String, String> env, long timeoutSeconds) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
            if (env != null) pb.environment().putAll(env);
            Path out = Files.createTempFile("exec", ".log");
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            try {
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Exec(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted", e);
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }
}
