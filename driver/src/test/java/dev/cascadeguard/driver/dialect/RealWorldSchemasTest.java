package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.testdb.SharedSchemas;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the largest shared real-world schemas and checks the declared foreign-key counts of
 * shared/schemas/README.md. Prints the load time of the bulk loader against the DatabaseMetaData loader (not
 * asserted: machines differ).
 */
class RealWorldSchemasTest {

    @Test
    void spacewalkOnPostgres() throws Exception {
        load(TestDatabase.POSTGRES, "spacewalk.postgresql.sql", 489);
    }

    @Test
    void musicbrainzOnPostgres() throws Exception {
        load(TestDatabase.POSTGRES, "musicbrainz.postgresql.sql", 762);
    }

    @Test
    void zabbixOnSqlite() throws Exception {
        load(TestDatabase.SQLITE, "zabbix.sqlite.sql", 226);
    }

    @Test
    void kanboardOnMariaDb() throws Exception {
        load(TestDatabase.MARIADB, "kanboard.mysql.sql", 61);
    }

    private static void load(TestDatabase database, String fileName, int declaredForeignKeys) throws Exception {
        Path script = SharedSchemas.require(fileName);
        database.assumeAvailable();
        try (TestDb db = database.createDatabase()) {
            long started = System.nanoTime();
            db.runScript(script);
            long scriptMillis = millisSince(started);

            Connection connection = db.connection();
            Dialect dialect = Dialects.forConnection(connection);
            started = System.nanoTime();
            FkGraph bulk = dialect.loadGraph(connection);
            long bulkColdMillis = millisSince(started);
            started = System.nanoTime();
            dialect.loadGraph(connection);
            long bulkWarmMillis = millisSince(started);
            System.out.printf("%s on %s: script %d ms; %d tables, %d foreign keys; bulk %s loader %d ms (again %d ms)%n",
                    fileName, dialect.name(), scriptMillis, bulk.tables().size(), bulk.foreignKeyCount(),
                    dialect.name(), bulkColdMillis, bulkWarmMillis);
            // The DatabaseMetaData loader takes 5 to 90 s on these schemas (one query per table): a comparison
            // for the benchmark notes, not for every build. Run with -Dcascadeguard.compareMetadataLoader=true.
            if (Boolean.getBoolean("cascadeguard.compareMetadataLoader")) {
                started = System.nanoTime();
                FkGraph generic = GenericDialect.of(connection.getMetaData()).loadGraph(connection);
                System.out.printf("%s: DatabaseMetaData loader %d ms (%d tables, %d foreign keys)%n", fileName,
                        millisSince(started), generic.tables().size(), generic.foreignKeyCount());
            }
            // MariaDB's loader reads every database of the server (a key may cross databases): count this one's
            String own = database == TestDatabase.MARIADB ? connection.getCatalog() : null;
            long keys = own == null ? bulk.foreignKeyCount() : bulk.tables().stream()
                    .filter(t -> t.id().schema().equals(own))
                    .mapToLong(t -> bulk.referencing(t.id()).size()).sum();
            assertThat(keys).as("declared foreign keys of " + fileName).isEqualTo(declaredForeignKeys);
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

}
