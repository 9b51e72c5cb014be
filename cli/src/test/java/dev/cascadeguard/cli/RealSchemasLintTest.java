package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.SharedSchemas;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code lint} on every real-world schema of shared/schemas (skipped with a message where the corpus or a server is
 * missing, as in a clean clone). Checks the named findings against the corpus README's numbers: the table whose
 * cascades reach furthest, how many tables it reaches, the longest chain, self-referencing cascades, and on
 * PostgreSQL that the unindexed foreign keys are exactly those the classic catalog query finds. Prints the findings
 * per kind and the time lint took (not asserted: machines differ).
 */
class RealSchemasLintTest {

    private static final Pattern TREE = Pattern.compile(
            "deleting 1 row of (\\S+) deletes ~[\\d,.]+ rows in (\\d+) tables, (\\d+) levels? deep");
    private static final Pattern KIND = Pattern.compile("\\{\"kind\": \"([a-z-]+)\", \"severity\": \"([a-z]+)\"");
    private static final Pattern UNINDEXED = Pattern.compile("\\{\"kind\": \"unindexed-foreign-key\", \"severity\": "
            + "\"[a-z]+\", \"tables\": \\[\"[^\"]*\", \"([^\"]*)\"], \"constraints\": \\[\"([^\"]*)\"]");

    /** file, database, the table reaching furthest ("-" for none), its reach (tables), longest chain, self-ref cascades */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "chinook.postgresql.sql,    POSTGRES, -,                    0,   0, 0",
            "chinook.sqlite.sql,        SQLITE,   -,                    0,   0, 0",
            "pagila.postgresql.sql,     POSTGRES, -,                    0,   0, 0",
            "sakila.mysql.sql,          MARIADB,  -,                    0,   0, 0",
            "guacamole.postgresql.sql,  POSTGRES, guacamole_entity,     12,  3, 1",
            "guacamole.mysql.sql,       MARIADB,  guacamole_entity,     12,  3, 1",
            "kanboard.postgresql.sql,   POSTGRES, projects,             29,  4, 0",
            "kanboard.mysql.sql,        MARIADB,  projects,             30,  4, 0",
            "zabbix.postgresql.sql,     POSTGRES, hosts,                61,  4, 7",
            "zabbix.mysql.sql,          MARIADB,  hosts,                61,  4, 7",
            "zabbix.sqlite.sql,         SQLITE,   hosts,                61,  4, 7",
            "spacewalk.postgresql.sql,  POSTGRES, web_customer,         134, 5, 1",
            "musicbrainz.postgresql.sql, POSTGRES, artist,              5,   1, 0"})
    void lintsARealSchema(String file, TestDatabase database, String widest, int reach, int chain, int selfRefs)
            throws Exception {
        Path script = SharedSchemas.require(file);
        database.assumeAvailable();
        try (TestDb db = database.createDatabase()) {
            if (database == TestDatabase.MARIADB) {
                // zabbix's keys compare case-sensitively (the corpus README: create it utf8mb4_bin)
                db.execute("alter database " + db.connection().getCatalog() + " character set utf8mb4 collate utf8mb4_bin");
            }
            db.runScript(script);
            CliRun run = CliRun.of("lint", "--url", db.jdbcUrl(), "--format", "json");
            assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
            String out = run.out();

            Map<String, int[]> trees = new TreeMap<>();
            Matcher tree = TREE.matcher(out);
            while (tree.find()) {
                trees.put(bare(tree.group(1)), new int[]{Integer.parseInt(tree.group(2)) - 1,
                        Integer.parseInt(tree.group(3))});
            }
            if ("-".equals(widest)) {
                assertThat(trees).as("no ON DELETE CASCADE in " + file).isEmpty();
            } else {
                assertThat(trees).containsKey(widest);
                assertThat(trees.get(widest)[0]).as("tables " + widest + " reaches").isEqualTo(reach);
                assertThat(trees.values().stream().mapToInt(t -> t[0]).max().orElse(0)).isEqualTo(reach);
                assertThat(trees.values().stream().mapToInt(t -> t[1]).max().orElse(0)).as("longest chain")
                        .isEqualTo(chain);
            }
            assertThat(count(out, "cascade-cycle", "info")).as("self-referencing cascades").isEqualTo(selfRefs);
            assertThat(count(out, "cascade-too-deep", "warn")).isEqualTo(chain > 4 ? 1 : 0);
            if (database == TestDatabase.POSTGRES) {
                assertThat(unindexed(out)).as("unindexed keys: lint against the classic catalog query")
                        .isEqualTo(classicUnindexedQuery(db));
            }
            System.out.printf("lint %s on %s: %s findings by kind %s in %s ms%n", file, database,
                    count(out, null, null), byKind(out), millis(out));
        }
    }

    private static long count(String json, String kind, String severity) {
        Matcher m = KIND.matcher(json);
        long n = 0;
        while (m.find()) {
            if ((kind == null || m.group(1).equals(kind)) && (severity == null || m.group(2).equals(severity))) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, Integer> byKind(String json) {
        Map<String, Integer> kinds = new TreeMap<>();
        Matcher m = KIND.matcher(json);
        while (m.find()) {
            kinds.merge(m.group(1) + "/" + m.group(2), 1, Integer::sum);
        }
        return kinds;
    }

    private static String millis(String json) {
        Matcher m = Pattern.compile("\"millis\": (\\d+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static Set<String> unindexed(String json) {
        Set<String> keys = new TreeSet<>();
        Matcher m = UNINDEXED.matcher(json);
        while (m.find()) {
            keys.add(bare(m.group(1)) + "." + m.group(2));
        }
        return keys;
    }

    /**
     * The classic query for foreign keys without an index (as in the PostgreSQL wiki and pg-index-health): no index
     * of the referencing table has the key's columns, in any order, as its leading columns. Declared keys only (the
     * clones PostgreSQL makes on partitions have conparentid set); partial indexes do not count, as in lint.
     */
    private static Set<String> classicUnindexedQuery(TestDb db) throws Exception {
        String sql = """
                select t.relname, c.conname from pg_constraint c join pg_class t on t.oid = c.conrelid
                 where c.contype = 'f' and c.conparentid = 0
                   and not exists (select 1 from pg_index i
                                    where i.indrelid = c.conrelid and i.indpred is null
                                      and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey)
                """;
        Set<String> keys = new HashSet<>();
        try (Statement statement = db.connection().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                keys.add(rows.getString(1) + "." + rows.getString(2));
            }
        }
        return new TreeSet<>(keys);
    }

    private static String bare(String table) {
        return table.substring(table.lastIndexOf('.') + 1);
    }
}
