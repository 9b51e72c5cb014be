package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard caches the current schema per connection and its counting query checks it in the same round trip:
 * a {@code SET search_path} between two statements must still send each count to the right tables.
 */
class SchemaSwitchTest {

    @Test
    void searchPathChangeBetweenStatementsIsSeen() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            String base = db.jdbcUrl().replaceAll("&currentSchema=[^&]*", "");
            String[] schemas = {"cg_sw_a", "cg_sw_b"};
            try (Connection admin = DriverManager.getConnection(base); Statement s = admin.createStatement()) {
                for (int i = 0; i < schemas.length; i++) {
                    String sc = schemas[i];
                    s.execute("drop schema if exists " + sc + " cascade");
                    s.execute("create schema " + sc);
                    s.execute("create table " + sc + ".parent (id int primary key)");
                    s.execute("create table " + sc + ".child (id int primary key, parent_id int references "
                            + sc + ".parent on delete cascade)");
                    s.execute("insert into " + sc + ".parent values (1)");
                    // schema a: 2 children of parent 1; schema b: 7
                    s.execute("insert into " + sc + ".child select g, 1 from generate_series(1, " + (i == 0 ? 2 : 7) + ") g");
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:guard:" + base.substring(5) + "&currentSchema=cg_sw_a");
                 Statement s = c.createStatement()) {
                GuardConnection guard = c.unwrap(GuardConnection.class);
                String delete = "DELETE FROM parent WHERE id = 1";
                assertThat(guard.preview(delete).reports().get(0).totalRows()).isEqualTo(3);
                s.execute("SET search_path TO cg_sw_b");
                assertThat(guard.preview(delete).reports().get(0).totalRows()).isEqualTo(8);
                s.execute("SET search_path TO cg_sw_a");
                assertThat(guard.preview(delete).reports().get(0).totalRows()).isEqualTo(3);
            } finally {
                try (Connection admin = DriverManager.getConnection(base); Statement s = admin.createStatement()) {
                    for (String sc : schemas) {
                        s.execute("drop schema if exists " + sc + " cascade");
                    }
                }
            }
        }
    }
}
