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

    /**
     * The key-update screen resolves the target before any count runs: after {@code setSchema} or a {@code SET
     * search_path} it must look at the table of the new schema, where a key references the column.
     */
    @Test
    void aKeyUpdateAfterASchemaSwitchIsJudgedOnTheNewSchemasTable() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            String base = db.jdbcUrl().replaceAll("&currentSchema=[^&]*", "");
            try (Connection admin = DriverManager.getConnection(base); Statement s = admin.createStatement()) {
                for (String sc : new String[]{"cg_ku_a", "cg_ku_b"}) {
                    s.execute("drop schema if exists " + sc + " cascade");
                    s.execute("create schema " + sc);
                    s.execute("create table " + sc + ".p (id int primary key, code varchar(10) unique)");
                    s.execute("insert into " + sc + ".p values (1, 'a')");
                }
                s.execute("create table cg_ku_b.c (id int primary key, code varchar(10) references cg_ku_b.p(code) "
                        + "on update cascade)");
                s.execute("insert into cg_ku_b.c values (10, 'a'), (11, 'a')");
            }
            java.util.Properties settings = new java.util.Properties();
            settings.setProperty("guard.confirmAbove", "1");
            try (Connection c = DriverManager.getConnection("jdbc:guard:" + base.substring(5) + "&currentSchema=cg_ku_a",
                    settings); Statement s = c.createStatement()) {
                String rename = "UPDATE p SET code = 'x' WHERE id = 1";
                assertThat(s.executeUpdate(rename)).isEqualTo(1); // nothing references cg_ku_a.p
                c.setSchema("cg_ku_b");
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> s.executeUpdate(rename),
                        java.sql.SQLException.class).getSQLState()).isEqualTo("XG001");
                s.execute("SET search_path TO cg_ku_a");
                assertThat(s.executeUpdate("UPDATE p SET code = 'a' WHERE id = 1")).isEqualTo(1);
                s.execute("SET search_path TO cg_ku_b");
                assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> s.executeUpdate(rename),
                        java.sql.SQLException.class).getSQLState()).isEqualTo("XG001");
            } finally {
                try (Connection admin = DriverManager.getConnection(base); Statement s = admin.createStatement()) {
                    assertThat(count(admin, "select count(*) from cg_ku_b.c where code = 'a'")).isEqualTo(2);
                    s.execute("drop schema if exists cg_ku_a cascade");
                    s.execute("drop schema if exists cg_ku_b cascade");
                }
            }
        }
    }

    private static long count(Connection c, String sql) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
