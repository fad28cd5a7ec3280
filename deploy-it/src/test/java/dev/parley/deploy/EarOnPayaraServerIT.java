package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EAR on a full Payara Server: the server unpacked from the Maven repository, a new domain on free ports
 * (create-domain --portbase), prepared and deployed by config/payara-server-setup.sh exactly as the README
 * tells operators, then used by Smack clients. With PostgreSQL installed the domain uses it (the production
 * profile on Payara Server); without, the server's H2. The broker is external (TCP) either way.
 * <p>asadmin is driven directly rather than through Arquillian's remote container: what is tested is the
 * documented setup of an existing server, and Arquillian would deploy the archive its own way.
 */
class EarOnPayaraServerIT {
    private static Path asadmin;
    private static Path domainDir;
    private static Path passwordFile;
    private static int base;
    private static Clients clients;
    private static boolean postgres;
    private static Services.Postgres pg;
    private static final String DB = "parley_ear";

    @BeforeAll
    static void domain() throws Exception {
        Path home = Path.of(System.getProperty("it.payara.home"));
        asadmin = home.resolve("bin/asadmin");
        assertTrue(Files.isExecutable(asadmin), "Payara Server unpacked at " + home);
        base = Services.freePortBase();
        domainDir = Services.itDir().resolve("domains-" + base);
        passwordFile = Services.itDir().resolve("asadmin-" + base + ".pw");
        Files.writeString(passwordFile, "AS_ADMIN_PASSWORD=\n");
        asadmin(600, "--user", "admin", "--passwordfile", passwordFile.toString(), "create-domain", "--domaindir", domainDir.toString(),
                "--portbase", Integer.toString(base), "--nopassword=true", "parley");
        asadmin(600, "start-domain", "--domaindir", domainDir.toString(), "parley");

        int c2s = base + 90, tls = base + 91; // not used by a domain's port base (+9 .. +86)
        Path props = Services.itDir().resolve("parley-" + base + ".properties");
        Files.writeString(props, String.join("\n",
                "xmpp.domain=localhost", "xmpp.c2s.address=127.0.0.1", "xmpp.c2s.port=" + c2s, "xmpp.c2s.direct-tls-port=" + tls,
                "xmpp.admins=" + Clients.ADMIN + "@localhost", "xmpp.admin.initial-password=" + Clients.ADMIN_PASSWORD, ""));
        Map<String, String> env = new HashMap<>();
        env.put("ASADMIN", asadmin.toString());
        env.put("ASADMIN_OPTS", "--port " + (base + 48) + " --user admin --passwordfile " + passwordFile);
        env.put("PARLEY_EAR", System.getProperty("it.ear"));
        env.put("ACTIVEMQ_RAR", System.getProperty("it.activemq.rar"));
        env.put("PARLEY_BROKER_URL", Services.broker());
        env.put("PARLEY_BROKER_USER", "parley");
        env.put("PARLEY_BROKER_PASSWORD", "broker-pw");
        env.put("PARLEY_PROPERTIES", props.toString());
        postgres = Services.postgresAbsent() == null;
        if (postgres) {
            pg = Services.postgres();
            env.put("PARLEY_DB", "postgresql");
            env.put("POSTGRESQL_JAR", System.getProperty("it.postgresql.jar"));
            env.put("PARLEY_DB_URL", pg.createDatabase(DB));
            env.put("PARLEY_DB_USER", Services.DB_USER);
            env.put("PARLEY_DB_PASSWORD", Services.DB_PASSWORD);
        } else {
            System.out.println(Services.postgresAbsent() + "; the EAR test uses the server's H2");
            env.put("PARLEY_DB", "h2");
        }
        Services.Exec r = Services.Exec.run(List.of("bash", Services.repo().resolve("config/payara-server-setup.sh").toString()), env, 600);
        assertEquals(0, r.code(), "config/payara-server-setup.sh failed:\n" + r.output() + "\n" + serverLog());
        clients = new Clients("127.0.0.1", c2s, base + 80);
    }

    @AfterAll
    static void stopDomain() throws Exception {
        if (domainDir != null && Files.isDirectory(domainDir.resolve("parley"))) {
            Services.Exec r = Services.Exec.run(List.of(asadmin.toString(), "stop-domain", "--domaindir", domainDir.toString(), "--kill=true", "parley"), null, 300);
            if (r.code() != 0) System.out.println("stop-domain: " + r.output());
        }
    }

    private static String asadmin(int timeoutSeconds, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(asadmin.toString()));
        cmd.addAll(List.of(args));
        Services.Exec r = Services.Exec.run(cmd, null, timeoutSeconds);
        if (r.code() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + r.output());
        return r.output();
    }

    private static String serverLog() throws IOException {
        Path log = domainDir.resolve("parley/logs/server.log");
        return Files.exists(log) ? MicroServer.tail(Files.readString(log, StandardCharsets.UTF_8)) : "(no server.log)";
    }

    @Test
    void theConnectorIsEmbeddedInTheEar() throws Exception {
        String modules = asadmin(120, "--port", Integer.toString(base + 48), "list-sub-components", "parley");
        assertTrue(modules.contains("parley-connector.rar"), modules);
        assertTrue(modules.contains("parley-ejb.jar"), modules);
        assertTrue(modules.contains("parley-web.war"), modules);
        String log = Files.readString(domainDir.resolve("parley/logs/server.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("XMPP c2s listening on [/127.0.0.1:" + (base + 90)), "the embedded connector listens");
    }

    @Test
    void restApiCreatesAccountsAndTheyLogIn() throws Exception {
        clients.createUser("ear-romeo", "ear-romeo-pw");
        var shown = clients.admin("GET", "/api/users/ear-romeo", null);
        assertEquals(200, shown.statusCode(), shown.body());
        var c = clients.login("ear-romeo", "ear-romeo-pw", "balcony");
        try {
            assertTrue(c.isSecureConnection());
            assertEquals("ear-romeo@localhost/balcony", c.getUser().toString());
            // the WAR's REST resource reaches the connector's registry through the EJB module
            var online = clients.admin("GET", "/api/users/ear-romeo", null);
            assertTrue(online.body().contains("balcony"), online.body());
        } finally {
            c.disconnect();
        }
        if (postgres) {
            try (Connection db = pg.connect(DB); PreparedStatement s = db.prepareStatement("select count(*) from xmpp_account where username = ?")) {
                s.setString(1, "ear-romeo");
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertEquals(1, r.getInt(1), "the account is in PostgreSQL");
                }
            }
        }
    }

    @Test
    void twoUsersChat() throws Exception {
        Scenarios.twoUsersChat(clients, "ear");
    }

    @Test
    void subscriptionsAndPresence() throws Exception {
        Scenarios.subscribeAndSeePresence(clients, "ear");
    }
}
