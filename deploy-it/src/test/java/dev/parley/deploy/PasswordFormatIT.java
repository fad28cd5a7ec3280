package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code xmpp.auth.password-format} on the production bundle and PostgreSQL: with {@code plain} the password is a
 * column beside the SCRAM credentials and PLAIN logins compare it; switched back to {@code scram}, the server removes
 * the kept passwords at start and PLAIN logins are verified against the SCRAM credentials again.
 */
class PasswordFormatIT {

    @Test
    void keptPasswordsServePlainAndAreRemovedWhenSwitchedOff() throws Exception {
        Assumptions.assumeTrue(Services.postgresAbsent() == null, Services::postgresAbsent);
        Services.Postgres pg = Services.postgres();
        String db = "parley_password_format";
        String url = pg.createDatabase(db);
        Path jar = Path.of(System.getProperty("it.micro.production.jar"));
        Path root = Services.freshDir(Services.itDir().resolve("password-format"));
        Map<String, String> env = Map.of(
                "PARLEY_DB_URL", url, "PARLEY_DB_USER", Services.DB_USER, "PARLEY_DB_PASSWORD", Services.DB_PASSWORD,
                "PARLEY_BROKER_URL", Services.broker(), "PARLEY_BROKER_USER", "parley", "PARLEY_BROKER_PASSWORD", "broker-pw");

        try (MicroServer server = new MicroServer(jar, root, env, List.of("-Dxmpp.auth.password-format=plain"))) {
            server.start();
            Clients c = server.clients();
            c.createUser("kept", "kept-pw");
            assertEquals("kept-pw", storedPassword(pg, db, "kept"), "the password is kept beside the SCRAM credentials");
            c.loginPlain("kept", "kept-pw", "p").disconnect();
            c.login("kept", "kept-pw", "s").disconnect(); // SCRAM still works from the SCRAM credentials
            assertThrows(SASLErrorException.class, () -> c.loginPlain("kept", "kept-pw2", "p"));
        }
        try (MicroServer server = new MicroServer(jar, root, env, List.of())) {
            server.start();
            assertNull(storedPassword(pg, db, "kept"), "switched back to scram: no password left in the database");
            Clients c = server.clients();
            c.loginPlain("kept", "kept-pw", "p").disconnect();
            assertThrows(SASLErrorException.class, () -> c.loginPlain("kept", "kept-pw2", "p"));
            c.createUser("hashed", "hashed-pw");
            assertNull(storedPassword(pg, db, "hashed"), "by default no password is kept");
        }
    }

    private static String storedPassword(Services.Postgres pg, String db, String user) throws Exception {
        try (Connection c = pg.connect(db);
             PreparedStatement s = c.prepareStatement("select plain_password from xmpp_account where username = ?")) {
            s.setString(1, user);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) throw new AssertionError("no account row for " + user);
                return r.getString(1);
            }
        }
    }
}
