package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.driver.UncheckableStatementException;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code jdbc:guard:hsqldb:} as an application meets it: a database the guard has no dialect for, checked through
 * the generic fallback, decided by the same rules and stopped with the contract's SQLStates (shared/contract.md).
 */
class HsqldbEndToEndTest {

    private static TestDb seeded() throws SQLException {
        TestDb db = TestDatabase.HSQLDB.create();
        db.execute("create table customers (id int primary key, name varchar(20))",
                "create table orders (id int primary key, customer_id int, constraint fk_orders_customer"
                        + " foreign key (customer_id) references customers (id) on delete cascade)",
                "create table invoices (id int primary key, order_id int, constraint fk_invoices_order"
                        + " foreign key (order_id) references orders (id) on delete restrict)",
                "insert into customers values (1, 'big'), (2, 'small'), (3, 'billed')",
                // 1,200 orders for customer 1, 5 for customer 2, one invoiced order for customer 3
                "insert into orders select rownum(), 1 from information_schema.columns a, information_schema.columns b"
                        + " limit 1200",
                "insert into orders values (5001, 2), (5002, 2), (5003, 2), (5004, 2), (5005, 2), (6001, 3)",
                "insert into invoices values (1, 6001)");
        return db;
    }


    @Test
    void aCascadeOverTheThresholdIsStoppedAndLeavesEveryRow() throws Exception {
        try (TestDb db = seeded(); Connection c = db.guarded(); Statement s = c.createStatement()) {
            assertThat(db.guardUrl()).startsWith("jdbc:guard:hsqldb:mem:");
            assertThat(db.count("orders")).isEqualTo(1206);

            ConfirmationRequiredException stopped = catchThrowableOfType(
                    () -> s.executeUpdate("DELETE FROM customers WHERE id = 1"), ConfirmationRequiredException.class);

            assertThat((Throwable) stopped).isInstanceOf(SQLNonTransientException.class);
            assertThat(stopped.getSQLState()).isEqualTo("XG001");
            assertThat(stopped.getMessage()).contains("1,201 rows > guard.confirmAbove (1,000)");
            assertThat(db.count("customers")).isEqualTo(3);
            assertThat(db.count("orders")).isEqualTo(1206);

            // a small cascade runs, and an override covers the big one
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customers WHERE id = ?")) {
                ps.setInt(1, 2);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThat(db.count("orders")).isEqualTo(1201);
            c.unwrap(GuardConnection.class).allowNext(1201, "hsqldb end-to-end test");
            assertThat(s.executeUpdate("DELETE FROM customers WHERE id = 1")).isEqualTo(1);
            assertThat(db.count("orders")).isEqualTo(1);
        }
    }

    /** After SET SCHEMA, unqualified names are counted in the new schema (read from getSchema() each time). */
    @Test
    void unqualifiedNamesFollowSetSchema() throws Exception {
        try (TestDb db = seeded(); Connection c = db.guarded(); Statement s = c.createStatement()) {
            db.execute("create schema other", "create table other.customers (id int primary key)",
                    "insert into other.customers values (1)");
            c.unwrap(GuardConnection.class).refreshMetadata();
            s.execute("set schema other");

            assertThat(s.executeUpdate("delete from customers where id = 1")).isEqualTo(1);

            s.execute("set schema public");
            assertThat(catchThrowableOfType(() -> s.executeUpdate("delete from customers where id = 1"),
                    ConfirmationRequiredException.class).getSQLState()).isEqualTo("XG001");
            assertThat(db.count("public.customers")).isEqualTo(3);
            assertThat(db.count("other.customers")).isZero();
        }
    }

    @Test
    void aBlockRuleStopsEvenAnOverriddenStatement() throws Exception {
        try (TestDb db = seeded(); Connection c = db.guarded("guard.table.orders.blockAbove", "0");
             Statement s = c.createStatement()) {
            s.execute("SET guard.allow_rows = 10");

            StatementBlockedException blocked = catchThrowableOfType(
                    () -> s.executeUpdate("DELETE FROM customers WHERE id = 2"), StatementBlockedException.class);

            assertThat(blocked.getSQLState()).isEqualTo("XG002");
            assertThat(blocked.getMessage()).containsIgnoringCase("orders");
            assertThat(db.count("orders")).isEqualTo(1206);
        }
    }

    /** The restricting invoice fails the statement: the guard says so and lets the database refuse it. */
    @Test
    void aRefusedDeleteIsPredictedAndTheDatabaseRefusesIt() throws Exception {
        try (TestDb db = seeded(); Connection c = db.guarded(); Statement s = c.createStatement()) {
            var report = c.unwrap(GuardConnection.class).preview("DELETE FROM customers WHERE id = 3");
            assertThat(report.reports()).singleElement().satisfies(r -> assertThat(r.wouldFail()).isTrue());

            SQLException refused = catchThrowableOfType(() -> s.executeUpdate("DELETE FROM customers WHERE id = 3"),
                    SQLException.class);

            assertThat(refused.getSQLState()).isEqualTo("23504");
            assertThat(db.count("customers")).isEqualTo(3);
        }
    }

    /**
     * Enforcement counts in bounded mode (FETCH FIRST in every CTE): a cycle through tables and a self-referencing
     * chain give HSQLDB SQL it runs, and small cascades go through. A cycle in a self-reference's data is followed by
     * a depth-bounded recursion, which can only give a lower bound there: enforcement fails closed.
     */
    @Test
    void boundedCountsOverCyclesRun() throws Exception {
        try (TestDb db = TestDatabase.HSQLDB.create(); Connection c = db.guarded(); Statement s = c.createStatement()) {
            db.execute("create table a (id int primary key, b_id int)",
                    "create table b (id int primary key, a_id int, constraint fk_b_a foreign key (a_id) references a (id)"
                            + " on delete cascade)",
                    "alter table a add constraint fk_a_b foreign key (b_id) references b (id) on delete cascade",
                    "create table n (id int primary key, nxt int, constraint fk_n_nxt foreign key (nxt) references n (id)"
                            + " on delete cascade)",
                    "insert into a values (1, null), (2, null)", "insert into b values (1, 1), (2, 2)",
                    "update a set b_id = id", "insert into n values (1, null), (2, 1), (3, 2), (5, null), (6, 5)",
                    "update n set nxt = 6 where id = 5");

            assertThat(s.executeUpdate("DELETE FROM a WHERE id = 1")).isEqualTo(1);
            assertThat(s.executeUpdate("DELETE FROM n WHERE id = 1")).isEqualTo(1);
            assertThat(db.count("a")).isEqualTo(1);
            assertThat(db.count("b")).isEqualTo(1);
            assertThat(db.count("n")).isEqualTo(2);

            // rows 5 and 6 reference each other: followed as deep as the table holds rows, the count is exact
            assertThat(s.executeUpdate("DELETE FROM n WHERE id = 5")).isEqualTo(1);
            assertThat(db.count("n")).isZero();
        }
    }

    /** A table no metadata lists (a declared local temporary table) cannot be counted: its DROP fails closed. */
    @Test
    void aTableTheGuardCannotSeeFailsClosed() throws Exception {
        try (TestDb db = seeded(); Connection c = db.guarded(); Statement s = c.createStatement()) {
            s.execute("declare local temporary table scratch (id int) on commit preserve rows");
            s.execute("insert into scratch values (1), (2)");

            UncheckableStatementException unchecked = catchThrowableOfType(() -> s.execute("drop table scratch"),
                    UncheckableStatementException.class);

            assertThat(unchecked.getSQLState()).isEqualTo("XG003");
            assertThat(unchecked.getMessage()).contains("scratch");
            try (var rows = s.executeQuery("select count(*) from scratch")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
        }
    }
}
