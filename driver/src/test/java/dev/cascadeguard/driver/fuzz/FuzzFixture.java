package dev.cascadeguard.driver.fuzz;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * parent ← child ← grandchild, ON DELETE CASCADE (and ON UPDATE CASCADE from grandchild, so a child key change
 * goes through instead of being refused), 3 + 6 + 12 rows, behind a guarded connection whose rules stop
 * every statement that destroys a row (or changes a referenced key): after any statement, every original row must
 * still be there. A statement that changed the fixture harmlessly (an INSERT, a new value in an unreferenced
 * column) gets a fresh database, so each try starts from the same rows.
 */
final class FuzzFixture implements AutoCloseable {

    private static final List<String> TABLES = List.of("parent", "child", "grandchild");
    private static final String BASELINE = "parent 3/6 child 6/21 grandchild 12/78";

    private final TestDatabase kind;
    private final Properties settings;
    private TestDb db;
    private Connection guarded;
    private int resets;

    FuzzFixture(TestDatabase kind) throws SQLException {
        this(kind, stopEveryDestruction());
    }

    FuzzFixture(TestDatabase kind, Properties settings) throws SQLException {
        this.kind = kind;
        this.settings = settings;
        open();
    }

    private void open() throws SQLException {
        // its own database on PostgreSQL: a mutated DROP SCHEMA PUBLIC CASCADE must not reach the shared one
        db = kind == TestDatabase.POSTGRES ? kind.createDatabase() : kind.create();
        db.execute("create table parent (id int primary key, name varchar(50))",
                "create table child (id int primary key, parent_id int not null, note varchar(50), "
                        + "foreign key (parent_id) references parent(id) on delete cascade)",
                "create table grandchild (id int primary key, child_id int not null, "
                        + "foreign key (child_id) references child(id) on delete cascade on update cascade)",
                "insert into parent values (1, 'p1'), (2, 'p2'), (3, 'p3')",
                "insert into child values (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'c'), (4, 2, 'd'), (5, 3, 'e'), (6, 3, 'f')",
                "insert into grandchild values (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4), "
                        + "(9, 5), (10, 5), (11, 6), (12, 6)");
        guarded = DriverManager.getConnection(db.guardUrl(), settings);
    }

    /** Every row-destroying statement stops: per-table and global block at 0, kind rules BLOCK, failing closed. */
    static Properties stopEveryDestruction() {
        Properties p = new Properties();
        p.setProperty("guard.blockAbove", "0");
        p.setProperty("guard.confirmAbove", "0");
        for (String table : TABLES) {
            p.setProperty("guard.table." + table + ".blockAbove", "0");
        }
        p.setProperty("guard.deleteWithoutWhere", "BLOCK");
        p.setProperty("guard.truncate", "BLOCK");
        p.setProperty("guard.drop", "BLOCK");
        p.setProperty("guard.sqliteForeignKeysOff", "BLOCK");
        p.setProperty("guard.onEstimateError", "BLOCK");
        p.setProperty("guard.allowSqlOverride", "false");
        return p;
    }

    Connection guarded() {
        return guarded;
    }

    /** The unguarded connection the fixture was made with. */
    Connection plain() {
        return db.connection();
    }

    /** A fresh database and guarded connection, whatever state the last one was left in. */
    void startOver() throws SQLException {
        close();
        resets++;
        open();
    }

    int resets() {
        return resets;
    }

    /**
     * Fails when an original row is gone or a referenced key changed; starts over on a fresh database when the
     * fixture changed in a way the rules allow.
     */
    void checkIntactAndReset(String sql) throws SQLException {
        if (!guarded.isClosed() && !guarded.getAutoCommit()) {
            guarded.commit(); // what the statement did must be visible to the plain connection
        }
        String state;
        try {
            state = state();
        } catch (SQLException e) {
            throw new AssertionError("the fixture is broken (" + e.getMessage() + ") after: " + shown(sql), e);
        }
        if (state.equals(BASELINE) && !guarded.isClosed()) {
            return;
        }
        long parents = count("select count(*) from parent where id between 1 and 3");
        long children = count("select count(*) from child where id between 1 and 6");
        long grandchildren = count("select count(*) from grandchild");
        if (parents != 3 || children != 6 || grandchildren < 12) {
            throw new AssertionError("rows lost or referenced keys changed (" + state + ") after: " + shown(sql));
        }
        startOver();
    }

    private String state() throws SQLException {
        StringBuilder sb = new StringBuilder();
        for (String table : TABLES) {
            try (Statement s = db.connection().createStatement();
                 ResultSet rows = s.executeQuery("select count(*), coalesce(sum(id), 0) from " + table)) {
                rows.next();
                sb.append(sb.isEmpty() ? "" : " ").append(table).append(' ').append(rows.getLong(1)).append('/')
                        .append(rows.getLong(2));
            }
        }
        return sb.toString();
    }

    private long count(String query) throws SQLException {
        try (Statement s = db.connection().createStatement(); ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String shown(String sql) {
        return sql.length() <= 400 ? "<<" + sql + ">>" : "<<" + sql.substring(0, 400) + "…>> (" + sql.length() + " chars)";
    }

    @Override
    public void close() throws SQLException {
        try {
            closeTolerating(guarded::close);
        } finally {
            closeTolerating(db::close);
        }
    }

    private interface Closing {
        void close() throws SQLException;
    }

    /**
     * sqlite-jdbc finalizes at close a statement whose own close already failed and reports it again (seen with
     * guard.mode=off too, so not the guard's): that is SQLite's noise; anything else is a real failure.
     */
    private void closeTolerating(Closing closing) throws SQLException {
        try {
            closing.close();
        } catch (SQLException e) {
            if (kind != TestDatabase.SQLITE || !String.valueOf(e.getMessage()).contains("has been finalized")) {
                throw e;
            }
        }
    }
}
