package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production profile on Payara Micro, as an operator runs it: ear/target/parley-micro-production.jar
 * with PostgreSQL and an external ActiveMQ broker given in the environment (config/post-boot-production.asadmin).
 * The database is created empty and given the shipped DDL (config/sql/postgresql/schema.sql) first, as a DBA would.
 */
class ProductionMicroIT {
    private static final String DB = "parley_production";
    private static Services.Postgres pg;
    private static MicroServer server;
    private static TreeSet<String> columnsFromDdl;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Services.postgresAbsent() == null, Services::postgresAbsent);
        pg = Services.postgres();
        String url = pg.createDatabase(DB);
        try (Connection c = pg.connect(DB); Statement s = c.createStatement()) {
            s.execute(Files.readString(Services.repo().resolve("config/sql/postgresql/schema.sql"), StandardCharsets.UTF_8));
        }
        columnsFromDdl = columns();
        Path jar = Path.of(System.getProperty("it.micro.production.jar"));
        server = new MicroServer(jar, Services.freshDir(Services.itDir().resolve("production-micro")), Map.of(
                "PARLEY_DB_URL", url, "PARLEY_DB_USER", Services.DB_USER, "PARLEY_DB_PASSWORD", Services.DB_PASSWORD,
                "PARLEY_BROKER_URL", Services.broker(), "PARLEY_BROKER_USER", "parley", "PARLEY_BROKER_PASSWORD", "broker-pw"),
                List.of()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void accountsAreRowsInPostgres() throws Exception {
        server.clients().createUser("pg-juliet", "pg-juliet-pw");
        try (Connection c = pg.connect(DB); PreparedStatement s = c.prepareStatement(
                "select iterations, length(sha256_stored_key) from xmpp_account where username = ?")) {
            s.setString(1, "pg-juliet");
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "the account created over REST is a row of xmpp_account in PostgreSQL");
                assertTrue(r.getInt(1) >= 4096, "SCRAM iterations stored");
                assertEquals(32, r.getInt(2), "SCRAM-SHA-256 StoredKey stored, not a password");
            }
        }
        // and the server authenticates against that row
        server.clients().login("pg-juliet", "pg-juliet-pw", "r1").disconnect();
    }

    @Test
    void twoUsersChat() throws Exception {
        Scenarios.twoUsersChat(server.clients(), "prod");
    }

    @Test
    void subscriptionsAndPresence() throws Exception {
        Scenarios.subscribeAndSeePresence(server.clients(), "prod");
    }

    @Test
    void theShippedDdlIsTheWholeSchema() throws Exception {
        // the application started on the DBA's schema (create-or-extend-tables) and had nothing to add
        assertTrue(server.log().contains("XMPP c2s listening"));
        assertEquals(columnsFromDdl, columns(), "columns after the application started on the shipped DDL");
    }

    private static TreeSet<String> columns() throws Exception {
        TreeSet<String> cols = new TreeSet<>();
        try (Connection c = pg.connect(DB); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public'")) {
            while (r.next()) cols.add(r.getString(1) + "." + r.getString(2) + " " + r.getString(3) + " null=" + r.getString(4));
        }
        return cols;
    }
}
