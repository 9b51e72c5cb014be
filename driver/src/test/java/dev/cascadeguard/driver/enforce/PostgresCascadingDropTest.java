package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.RuleAction;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL's DROP ... CASCADE reaches table data through its dependency records: a type's columns, tables typed
 * OF it, a composite type's attributes, an extension's member tables (even without CASCADE), a function's generated
 * columns, a collation's columns. The guard's count is compared with what the server really drops (in a
 * transaction rolled back): every table that disappears, every column that disappears.
 */
class PostgresCascadingDropTest {

    /** What the report says is destroyed: "table" for a whole table, "table.DROP_COLUMN" for its columns. */
    private static Map<String, Long> effects(GuardReport report) {
        Map<String, Long> effects = new TreeMap<>();
        for (CascadeReport r : report.reports()) {
            for (TableEffect e : r.effects()) {
                effects.put(e.action() == EffectAction.DROP_COLUMN ? e.table() + ".DROP_COLUMN" : e.table(), e.rows());
            }
        }
        return effects;
    }

    private static GuardReport preview(Connection guarded, String sql) throws SQLException {
        return guarded.unwrap(GuardConnection.class).preview(sql);
    }

    /** Column counts per table in the schema, to see what a real DROP removed. */
    private static Map<String, Integer> shape(Connection plain) throws SQLException {
        Map<String, Integer> shape = new TreeMap<>();
        try (Statement s = plain.createStatement();
             ResultSet rs = s.executeQuery("select c.relname, count(a.attnum) from pg_class c "
                     + "join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped "
                     + "where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' group by 1")) {
            while (rs.next()) {
                shape.put(rs.getString(1), rs.getInt(2));
            }
        }
        return shape;
    }

    /** Runs {@code sql} for real in a transaction, returns the schema's shape after it, and rolls back. */
    private static Map<String, Integer> shapeAfter(Connection plain, String sql) throws SQLException {
        plain.setAutoCommit(false);
        try (Statement s = plain.createStatement()) {
            s.execute(sql);
            return shape(plain);
        } finally {
            plain.rollback();
            plain.setAutoCommit(true);
        }
    }

    @Test
    void dropTypeCascadeTakesTypedTablesCompositeAttributesAndColumnsElsewhere() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            db.execute("create type mood as enum ('calm', 'angry')",
                    "create type pair as (m mood, n int)",
                    "create table typed_pair of pair",
                    "create table uses_pair (id int, p pair)",
                    "create table uses_mood (id int, m mood, other text)",
                    "insert into typed_pair select 'calm', g from generate_series(1, 5) g",
                    "insert into uses_pair select g, row('calm', g)::pair from generate_series(1, 7) g",
                    "insert into uses_mood select g, case when g <= 3 then 'angry'::mood end, 'x' "
                            + "from generate_series(1, 9) g");
            Map<String, Integer> before = shape(db.connection());

            GuardReport report = preview(c, "DROP TYPE mood CASCADE");
            Map<String, Integer> after = shapeAfter(db.connection(), "DROP TYPE mood CASCADE");

            // the server: uses_mood loses m, the composite loses m, so typed_pair (OF pair) loses a column too
            assertThat(after.get("uses_mood")).isEqualTo(before.get("uses_mood") - 1);
            assertThat(after.get("typed_pair")).isEqualTo(before.get("typed_pair") - 1);
            assertThat(effects(report)).containsEntry("uses_mood.DROP_COLUMN", 3L)
                    .containsKey("uses_pair.DROP_COLUMN");
            assertThat(report.decision().action()).isNotEqualTo(RuleAction.BLOCK);
        }
    }

    @Test
    void dropTypeCascadeOfATablesRowTypeDropsTheTypedTable() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            db.execute("create type ct as (a int, b text)", "create table typed of ct",
                    "insert into typed select g, 'x' from generate_series(1, 1500) g");

            GuardReport report = preview(c, "DROP TYPE ct CASCADE");
            Map<String, Integer> after = shapeAfter(db.connection(), "DROP TYPE ct CASCADE");

            assertThat(after).doesNotContainKey("typed");
            assertThat(effects(report)).containsEntry("typed", 1500L);
            assertThat(report.decision().action()).isEqualTo(RuleAction.CONFIRM);
        }
    }

    @Test
    void quotedSchemaNamesAreLookedUpAsWritten() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            String schema = db.connection().getSchema();
            db.execute("create schema \"Q_" + schema + "\"", "create type \"Q_" + schema + "\".mood as enum ('a')",
                    "create table t (id int, m \"Q_" + schema + "\".mood)",
                    "insert into t select g, 'a' from generate_series(1, 1100) g");
            try {
                GuardReport report = preview(c, "DROP TYPE \"Q_" + schema + "\".mood CASCADE");

                assertThat(effects(report)).containsEntry("t.DROP_COLUMN", 1100L);
                assertThat(report.decision().action()).isEqualTo(RuleAction.CONFIRM);
            } finally {
                db.execute("drop schema \"Q_" + schema + "\" cascade");
            }
        }
    }

    @Test
    void dropSchemaCascadeCountsColumnsElsewhereThatUseItsTypes() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            String other = db.connection().getSchema() + "_types";
            db.execute("create schema " + other, "create type " + other + ".kind as enum ('a')",
                    "create table here (id int, k " + other + ".kind)",
                    "insert into here select g, 'a' from generate_series(1, 4) g");
            try {
                GuardReport report = preview(c, "DROP SCHEMA " + other + " CASCADE");

                assertThat(effects(report)).containsEntry("here.DROP_COLUMN", 4L);
            } finally {
                db.execute("drop schema if exists " + other + " cascade");
            }
        }
    }

    @Test
    void dropFunctionCascadeTakesTheGeneratedColumnsThatUseIt() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            db.execute("create function twice(i int) returns int language sql immutable as 'select 2 * i'",
                    "create table gen (id int, g int generated always as (twice(id)) stored)",
                    "insert into gen (id) select g from generate_series(1, 6) g");

            GuardReport report = preview(c, "DROP FUNCTION IF EXISTS twice(integer) CASCADE");
            Map<String, Integer> after = shapeAfter(db.connection(), "DROP FUNCTION IF EXISTS twice(integer) CASCADE");

            assertThat(after.get("gen")).isEqualTo(1);
            assertThat(effects(report)).containsEntry("gen.DROP_COLUMN", 6L);
            assertThat(effects(preview(c, "DROP FUNCTION IF EXISTS no_such_function(integer) CASCADE"))).isEmpty();
        }
    }

    @Test
    void dropTableCascadeTakesColumnsOfItsRowType() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            db.execute("create table addr (street text)", "insert into addr values ('a')",
                    "create table person (id int, home addr)",
                    "insert into person select g, row('x')::addr from generate_series(1, 8) g");

            GuardReport report = preview(c, "DROP TABLE addr CASCADE");
            Map<String, Integer> after = shapeAfter(db.connection(), "DROP TABLE addr CASCADE");

            assertThat(after).doesNotContainKey("addr");
            assertThat(after.get("person")).isEqualTo(1);
            assertThat(effects(report)).containsEntry("addr", 1L).containsEntry("person.DROP_COLUMN", 8L);
        }
    }

    @Test
    void dropExtensionTakesItsMemberTablesEvenWithoutCascade() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.createDatabase(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            db.execute("create extension hstore", "create table ext_t (id int)",
                    "insert into ext_t select generate_series(1, 1200)", "alter extension hstore add table ext_t");

            GuardReport report = preview(c, "DROP EXTENSION hstore");
            Map<String, Integer> after = shapeAfter(db.connection(), "DROP EXTENSION hstore");

            assertThat(after).doesNotContainKey("ext_t");
            assertThat(effects(report)).containsEntry("ext_t", 1200L);
            assertThat(report.decision().action()).isEqualTo(RuleAction.CONFIRM);
        }
    }

    @Test
    void cascadesTheGuardDoesNotFollowFailClosed() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection c = DriverManager.getConnection(db.guardUrl())) {
            GuardReport report = preview(c, "DROP LANGUAGE IF EXISTS plperl CASCADE");

            assertThat(report.fullyCounted()).isFalse();
            assertThat(report.decision().action()).isEqualTo(RuleAction.BLOCK);
            assertThat(report.decision().unverifiable()).isTrue();
        }
    }
}
