package dev.parley.deploy;

import jakarta.persistence.Persistence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the PostgreSQL DDL of the persistence unit "parley" as EclipseLink generates it from the entities
 * (eclipselink.ddl-generation.output-mode=sql-script), without a database: the platform comes from
 * jakarta.persistence.database-product-name. The shipped copy is
 * config/sql/postgresql/schema.sql; regenerate it with
 * {@code mvn -B -pl deploy-it test -Dtest=SchemaDdlTest -Dddl.update=true} after changing an entity.
 */
final class SchemaDdl {
    private SchemaDdl() { }

    static final String HEADER = """
            -- Parley: the tables of the persistence unit "parley" for PostgreSQL, generated from the entities by
            -- EclipseLink's DDL generation. Do not edit: regenerate it (config/SCHEMA.md says how).
            -- Apply it to an empty database as the application's role:  psql -v ON_ERROR_STOP=1 -f schema.sql
            """;

    /** The generated DDL, normalised: one statement per line ending with ';', in a stable order. */
    static String generate(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path out = workDir.resolve("create.sql");
        Files.deleteIfExists(out);
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", "");
        p.put("jakarta.persistence.nonJtaDataSource", "");
        p.put("jakarta.persistence.database-product-name", "PostgreSQL");
        p.put("jakarta.persistence.database-major-version", "15");
        p.put("eclipselink.target-database", "PostgreSQL");
        // generateSchema acts on jakarta.persistence.schema-generation.*: scripts only, never the database
        p.put("jakarta.persistence.schema-generation.database.action", "none");
        p.put("jakarta.persistence.schema-generation.scripts.action", "create");
        // EclipseLink's own DDL generation, to a script: the unit sets eclipselink.ddl-generation (create-or-extend-tables
        // on the database), which decides where the DDL goes, so it is overridden here
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.ddl-generation.output-mode", "sql-script");
        p.put("eclipselink.application-location", workDir.toString());
        p.put("eclipselink.create-ddl-jdbc-file-name", "create.sql");
        p.put("eclipselink.drop-ddl-jdbc-file-name", "drop.sql");
        p.put("eclipselink.logging.level", System.getProperty("ddl.log", "WARNING"));
        Persistence.generateSchema("parley", p);
        List<String> statements = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            String s = line.strip();
            if (s.isEmpty()) continue;
            statements.add(s.endsWith(";") ? s : s + ";");
        }
        // tables first, then constraints, sequences; each group sorted so entity order does not matter
        statements.sort((x, y) -> {
            int c = Integer.compare(rank(x), rank(y));
            return c != 0 ? c : x.compareTo(y);
        });
        return HEADER + String.join("\n", statements) + "\n";
    }

    private static int rank(String s) {
        if (s.startsWith("CREATE TABLE")) return 0;
        if (s.startsWith("CREATE INDEX") || s.startsWith("CREATE UNIQUE INDEX")) return 1;
        if (s.startsWith("ALTER TABLE")) return 2;
        if (s.startsWith("CREATE SEQUENCE")) return 3;
        return 4;
    }
}
