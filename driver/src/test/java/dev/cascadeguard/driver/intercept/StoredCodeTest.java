package dev.cascadeguard.driver.intercept;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The other half of issue #20: stored code is stopped where it destroys rows, not where it is defined. Migrations
 * define routines, triggers and rules that delete (archiving, audit trails) and those definitions run with default
 * settings; code that destroys no rows keeps running; the policy ({@code guard.onEstimateError}) is what decides, and
 * the cached catalog follows DDL at once.
 */
class StoredCodeTest {

    private static String one(Statement s, String query) throws SQLException {
        try (ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** An audit trigger that only INSERTs: the table's writes run as before, and so do reads of a deleting one. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB", "SQLITE"})
    void codeThatDestroysNothingKeepsRunning(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create(); Connection c = db.guarded("guard.table.items.blockAbove", "0");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY)");
            s.execute("CREATE TABLE audit (item_id int)");
            s.execute("CREATE TABLE purge_log (id int)");
            switch (kind) {
                case POSTGRES -> {
                    s.execute("CREATE FUNCTION audit_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                            + "INSERT INTO audit VALUES (NEW.id); RETURN NEW; END $$");
                    s.execute("CREATE TRIGGER audit_trg AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION audit_fn()");
                    s.execute("CREATE FUNCTION add_one(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + 1 $$");
                    s.execute("CREATE FUNCTION purge_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                            + "DELETE FROM items; RETURN NEW; END $$");
                    s.execute("CREATE TRIGGER purge_trg AFTER INSERT ON purge_log FOR EACH ROW EXECUTE FUNCTION purge_fn()");
                }
                case MARIADB -> {
                    s.execute("CREATE TRIGGER audit_trg AFTER INSERT ON items FOR EACH ROW INSERT INTO audit VALUES (NEW.id)");
                    s.execute("CREATE FUNCTION add_one(x int) RETURNS int RETURN x + 1");
                    s.execute("CREATE TRIGGER purge_trg AFTER INSERT ON purge_log FOR EACH ROW DELETE FROM items");
                }
                default -> {
                    s.execute("CREATE TRIGGER audit_trg AFTER INSERT ON items BEGIN INSERT INTO audit VALUES (NEW.id); END");
                    s.execute("CREATE TRIGGER purge_trg AFTER INSERT ON purge_log BEGIN DELETE FROM items; END");
                }
            }
            s.execute("INSERT INTO items VALUES (1)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO items VALUES (?)")) {
                ps.setInt(1, 2);
                ps.executeUpdate();
            }
            assertThat(db.count("audit")).as("the audit trigger ran").isEqualTo(2);
            assertThat(one(s, "SELECT count(*) FROM purge_log")).as("reading a table fires nothing").isEqualTo("0");
            if (kind != TestDatabase.SQLITE) {
                assertThat(one(s, "SELECT add_one(41)")).isEqualTo("42");
            }
            SQLException stopped = catchThrowableOfType(() -> s.execute("INSERT INTO purge_log VALUES (1)"),
                    SQLException.class);
            assertThat(stopped.getSQLState()).isEqualTo("XG003");
            assertThat(stopped.getMessage()).contains("purge_trg").contains("guard.onEstimateError");
            assertThat(db.count("items")).isEqualTo(2);
        }
    }

    /**
     * The catalog is read once and cached; DDL through the guard refreshes it before the next statement, on every
     * connection to the database, so a routine defined a moment ago is seen, and one replaced by a harmless body is
     * free again.
     */
    @Test
    void definitionsThroughTheGuardAreSeenByTheNextStatement() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection a = db.guarded(); Connection b = db.guarded();
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("CREATE TABLE items (id int)");
            sa.execute("INSERT INTO items VALUES (1), (2)");
            sa.execute("CREATE FUNCTION tidy() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$");
            assertThat(one(sb, "SELECT tidy()")).as("harmless, and the catalog is now cached").isEqualTo("1");

            sa.execute("CREATE OR REPLACE FUNCTION tidy() RETURNS int LANGUAGE sql AS $$ DELETE FROM items RETURNING 1 $$");
            SQLException stopped = catchThrowableOfType(() -> one(sb, "SELECT tidy()"), SQLException.class);
            assertThat(stopped.getSQLState()).isEqualTo("XG003");
            assertThat(stopped.getMessage()).contains("tidy()").contains("DELETE");
            assertThat(db.count("items")).isEqualTo(2);

            sa.execute("CREATE OR REPLACE FUNCTION tidy() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$");
            assertThat(one(sb, "SELECT tidy()")).isEqualTo("2");
        }
    }

    /** {@code explain} and {@code decide} take the driver's decision: a destructive call is BLOCK, naming the routine. */
    @Test
    void decideTellsWhatTheDriverWouldDo() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = db.guarded(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int)");
            s.execute("CREATE FUNCTION wipe() RETURNS void LANGUAGE sql AS $$ DELETE FROM items $$");
            var decided = c.unwrap(dev.cascadeguard.driver.GuardConnection.class).decide("SELECT wipe()");
            assertThat(decided.decision().action()).isEqualTo(dev.cascadeguard.rules.RuleAction.BLOCK);
            assertThat(decided.decision().unverifiable()).isTrue();
            assertThat(String.join(" ", decided.decision().reasons())).contains("wipe()");
        }
    }

    /** The policy decides: with guard.onEstimateError=ALLOW the call runs, as any statement the guard cannot count. */
    @Test
    void thePolicyDecidesNotTheGuardAlone() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = db.guarded("guard.onEstimateError", "ALLOW");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int)");
            s.execute("INSERT INTO items VALUES (1), (2)");
            s.execute("CREATE PROCEDURE archive() LANGUAGE sql AS $$ DELETE FROM items $$");
            s.execute("CALL archive()");
            assertThat(db.count("items")).isZero();
        }
    }

    /**
     * A trigger that destroys rows does not hide the statement's own deletes: counting reads rows and fires no
     * trigger, so a DELETE of a table with such a trigger is still counted and its rules still apply (here XG002).
     */
    @Test
    void aDeleteFiringADestructiveTriggerIsStillCounted() throws Exception {
        try (TestDb db = TestDatabase.SQLITE.create();
             Connection c = db.guarded("guard.onEstimateError", "ALLOW", "guard.table.items.blockAbove", "0");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int)");
            s.execute("CREATE TABLE gone (id int)");
            s.execute("INSERT INTO items VALUES (1)");
            s.execute("CREATE TRIGGER keep_gone AFTER DELETE ON items BEGIN DELETE FROM gone; END");
            SQLException stopped = catchThrowableOfType(() -> s.execute("DELETE FROM items"), SQLException.class);
            assertThat(stopped.getSQLState()).isEqualTo("XG002");
            assertThat(db.count("items")).isEqualTo(1);
        }
    }

    /**
     * A trigger that deletes when a row is deleted (a cascade written by hand) fires on DELETE only: INSERTs and
     * UPDATEs of its table, and INSERTs of the table that cascades into it, run; the deletes are decided by policy.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "MARIADB", "SQLITE"})
    void aDeleteTriggerStopsDeletesOnlyNotInsertsOrUpdates(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("CREATE TABLE customers (id int PRIMARY KEY)",
                    "CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id) ON DELETE "
                            + "CASCADE, note varchar(20))",
                    "CREATE TABLE order_lines (order_id int)",
                    "INSERT INTO customers VALUES (1)", "INSERT INTO orders VALUES (1, 1, 'a')",
                    "INSERT INTO order_lines VALUES (1), (1)");
            switch (kind) {
                case POSTGRES -> db.execute("CREATE FUNCTION lines_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                                + "DELETE FROM order_lines WHERE order_id = OLD.id; RETURN OLD; END $$",
                        "CREATE TRIGGER lines_trg AFTER DELETE ON orders FOR EACH ROW EXECUTE FUNCTION lines_fn()");
                case MARIADB -> db.execute("CREATE TRIGGER lines_trg AFTER DELETE ON orders FOR EACH ROW "
                        + "DELETE FROM order_lines WHERE order_id = OLD.id");
                default -> db.execute("CREATE TRIGGER \"update\" AFTER DELETE ON orders BEGIN "
                        + "DELETE FROM order_lines WHERE order_id = OLD.id; END");
            }
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("INSERT INTO orders VALUES (2, 1, 'b')")).isEqualTo(1);
                assertThat(s.executeUpdate("UPDATE orders SET note = 'c' WHERE id = 2")).isEqualTo(1);
                assertThat(s.executeUpdate("INSERT INTO customers VALUES (2)")).isEqualTo(1);
                for (String delete : new String[]{"DELETE FROM orders WHERE id = 1", "DELETE FROM customers WHERE id = 1"}) {
                    SQLException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                            () -> s.executeUpdate(delete), SQLException.class);
                    assertThat((Throwable) e).as(delete).isNotNull();
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG003");
                    assertThat(e.getMessage()).containsIgnoringCase("orders");
                }
            }
            assertThat(db.count("order_lines")).isEqualTo(2);
            assertThat(db.count("orders")).isEqualTo(2);
        }
    }
}
