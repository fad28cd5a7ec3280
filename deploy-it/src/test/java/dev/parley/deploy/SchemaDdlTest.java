package dev.parley.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The DDL shipped for DBAs (config/sql/postgresql/schema.sql) is the one the entities generate. */
class SchemaDdlTest {

    @Test
    void shippedDdlMatchesTheEntities() throws Exception {
        String generated = SchemaDdl.generate(Path.of(System.getProperty("ddl.out", "target/ddl")));
        assertTrue(generated.contains("CREATE TABLE xmpp_account"), "the account table is generated:\n" + generated);
        Path shipped = Services.repo().resolve("config/sql/postgresql/schema.sql");
        if (Boolean.getBoolean("ddl.update")) {
            Files.createDirectories(shipped.getParent());
            Files.writeString(shipped, generated, StandardCharsets.UTF_8);
        }
        String current = Files.exists(shipped) ? Files.readString(shipped, StandardCharsets.UTF_8) : "(missing)";
        assertEquals(generated, current, "config/sql/postgresql/schema.sql is not what the entities generate: an entity changed. "
                + "Regenerate it with: mvn -B -pl deploy-it test -Dtest=SchemaDdlTest -Dddl.update=true "
                + "(after mvn -B install -DskipTests), review the difference, and describe the upgrade in config/SCHEMA.md");
    }
}
