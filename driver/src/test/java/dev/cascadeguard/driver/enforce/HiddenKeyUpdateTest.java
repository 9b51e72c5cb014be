package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Key updates that do not read as {@code UPDATE t SET key = ...}: upserts, MERGE, a data-modifying WITH, forms the
 * parser rejects, quoted column names, an ORM writing a self-referencing key back unchanged. Each that may rewrite
 * a referenced key is counted or fails closed (rows intact); each that sets no referenced key runs.
 */
class HiddenKeyUpdateTest {

    /** p(code) is referenced by c ON UPDATE CASCADE (two rows hold 'a'); t is referenced by nothing. */
    private static void schema(TestDb db) throws SQLException {
        db.execute("create table p (id int primary key, code varchar(10) not null unique, v int)",
                "create table c (id int primary key, code varchar(10), "
                        + "constraint fk_c foreign key (code) references p(code) on update cascade)",
                "create table t (id int primary key, code varchar(10))",
                "insert into p values (1, 'a', 0), (2, 'b', 0)",
                "insert into c values (10, 'a'), (11, 'a'), (12, 'b')",
                "insert into t values (1, 'a')");
    }


    private static void failsClosed(Statement s, String sql) {
        SQLException e = catchThrowableOfType(() -> s.execute(sql), SQLException.class);
        assertThat((Throwable) e).as(sql).isNotNull();
        assertThat(e.getSQLState()).as("%s: %s", sql, e.getMessage()).isEqualTo("XG003");
    }

    private static void intact(TestDb db) throws SQLException {
        assertThat(db.count("c where code = 'a'")).isEqualTo(2);
        assertThat(db.count("p where code = 'a'")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"POSTGRES", "SQLITE"})
    void anUpsertThatRewritesAKeyFailsClosedAndOneThatDoesNotRuns(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db);
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                failsClosed(s, "INSERT INTO p (id, code, v) VALUES (1, 'zz', 0) ON CONFLICT (id) "
                        + "DO UPDATE SET code = excluded.code");
                s.execute("INSERT INTO p (id, code, v) VALUES (1, 'a', 7) ON CONFLICT (id) DO UPDATE SET v = excluded.v");
            }
            intact(db);
            assertThat(db.count("p where v = 7")).isEqualTo(1);
        }
    }

    @Test
    void onDuplicateKeyUpdateOfAKeyFailsClosedOnMariaDb() throws Exception {
        try (TestDb db = TestDatabase.MARIADB.create()) {
            schema(db);
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                failsClosed(s, "INSERT INTO p (id, code, v) VALUES (1, 'zz', 0) ON DUPLICATE KEY UPDATE code = VALUES(code)");
                s.execute("INSERT INTO p (id, code, v) VALUES (1, 'a', 7) ON DUPLICATE KEY UPDATE v = VALUES(v)");
            }
            intact(db);
            assertThat(db.count("p where v = 7")).isEqualTo(1);
        }
    }

    @Test
    void aDataModifyingWithAMergeAndUpdateOnlyOnPostgres() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            schema(db);
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                failsClosed(s, "WITH u AS (UPDATE p SET code = 'zz' WHERE id = 1 RETURNING id) SELECT count(*) FROM u");
                failsClosed(s, "MERGE INTO p USING (SELECT 1 AS id) s ON p.id = s.id "
                        + "WHEN MATCHED THEN UPDATE SET code = 'zz' WHEN NOT MATCHED THEN INSERT VALUES (s.id, 'q', 0)");
                failsClosed(s, "UPDATE ONLY p SET code = 'zz' WHERE id = 1");
                // the same forms setting no referenced column run
                s.execute("WITH u AS (UPDATE p SET v = 1 WHERE id = 1 RETURNING id) SELECT count(*) FROM u");
                s.execute("MERGE INTO p USING (SELECT 1 AS id) s ON p.id = s.id "
                        + "WHEN MATCHED THEN UPDATE SET v = CASE WHEN p.v = 1 THEN 2 ELSE 3 END "
                        + "WHEN NOT MATCHED THEN INSERT (id, code, v) VALUES (s.id, 'q', 0)");
                assertThat(s.executeUpdate("UPDATE ONLY p SET v = v + 1 WHERE id = 1")).isEqualTo(1);
            }
            intact(db);
            assertThat(db.count("p where v = 3")).isEqualTo(1);
        }
    }

    @Test
    void h2sMergeKeyRewritesEveryColumnItWritesAndFailsClosedOnAReferencedTable() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            schema(db);
            try (Connection c = db.guarded(); Statement s = c.createStatement()) {
                failsClosed(s, "MERGE INTO p KEY(id) VALUES (1, 'zz', 0)");
                failsClosed(s, "MERGE INTO p (id, code) KEY(id) VALUES (1, 'zz')");
                // a table nothing references, and a column list without a referenced column, run
                s.execute("MERGE INTO t KEY(id) VALUES (1, 'zz')");
                s.execute("MERGE INTO p (id, v) KEY(id) VALUES (1, 9)");
            }
            intact(db);
            assertThat(db.count("p where v = 9")).isEqualTo(1);
        }
    }

    /** A SET list that names the key after a CASE, a string with a parenthesis, a comment: still seen. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB", "SQLITE"})
    void aKeyAssignedAfterTrickyValuesIsCounted(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db);
            try (Connection c = db.guarded("guard.confirmAbove", "1"); Statement s = c.createStatement()) {
                for (String sql : new String[]{
                        "UPDATE p SET v = CASE WHEN v = 0 THEN 1 END, code = 'zz' WHERE id = 1",
                        "UPDATE p SET v = length(')'), code = 'zz' WHERE id = 1",
                        "UPDATE p SET v = (SELECT max(id) FROM t WHERE id > 0), code = 'zz' WHERE id = 1",
                        "UPDATE p SET v = 1, /* ) where */ code = 'zz' WHERE id = 1"}) {
                    SQLException e = catchThrowableOfType(() -> s.executeUpdate(sql), SQLException.class);
                    assertThat((Throwable) e).as(sql).isNotNull();
                    assertThat(e.getSQLState()).as("%s: %s", sql, e.getMessage()).isEqualTo("XG001");
                }
                // a WHERE naming the key, a SET naming none: not a key update, runs
                assertThat(s.executeUpdate("UPDATE p SET v = 5 WHERE code = 'a'")).isEqualTo(1);
            }
            intact(db);
        }
    }

    /** A referenced column whose quoted name has a space: the screen used to miss it. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void aQuotedKeyColumnWithASpaceIsCounted(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table q (id int primary key, \"my code\" varchar(10) not null unique)",
                    "create table qc (id int primary key, qcode varchar(10), "
                            + "foreign key (qcode) references q(\"my code\") on update cascade)",
                    "insert into q values (1, 'a')", "insert into qc values (10, 'a'), (11, 'a')");
            try (Connection c = db.guarded("guard.confirmAbove", "1");
                 PreparedStatement ps = c.prepareStatement("UPDATE q SET \"my code\" = ? WHERE id = 1")) {
                ps.setString(1, "zz");
                SQLException e = catchThrowableOfType(ps::executeUpdate, SQLException.class);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG001");
                assertThat(e.getMessage()).containsIgnoringCase("qc");
            }
            assertThat(db.count("qc where qcode = 'a'")).isEqualTo(2);
        }
    }

    /**
     * An ORM writes every column back: the self-referencing key and its parent unchanged is no key change and
     * runs; changing the key through both sides is refused as not counted.
     */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void anOrmWritingASelfReferencingKeyBackUnchangedRuns(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table cat (id int primary key, code varchar(10) not null unique, "
                            + "parent_code varchar(10), name varchar(10), "
                            + "foreign key (parent_code) references cat(code) on update cascade)",
                    "insert into cat values (1, 'root', null, 'r')", "insert into cat values (2, 'a', 'root', 'x')",
                    "insert into cat values (3, 'a1', 'a', 'y')");
            try (Connection c = db.guarded();
                 PreparedStatement ps = c.prepareStatement(
                         "UPDATE cat SET code = ?, parent_code = ?, name = ? WHERE id = ?")) {
                ps.setString(1, "a");
                ps.setString(2, "root");
                ps.setString(3, "renamed");
                ps.setInt(4, 2);
                assertThat(ps.executeUpdate()).isEqualTo(1);
                ps.setString(1, "a-new");
                SQLException e = catchThrowableOfType(ps::executeUpdate, SQLException.class);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG003");
                assertThat(e.getMessage()).contains("both sides of the self-reference");
            }
            assertThat(db.count("cat where name = 'renamed' and code = 'a'")).isEqualTo(1);
            assertThat(db.count("cat where parent_code = 'a'")).isEqualTo(1);
        }
    }

    /** A quoted column named like a keyword ("order", "from") before the key in a SET list does not end the list. */
    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE"})
    void aQuotedKeywordColumnBeforeTheKeyDoesNotHideIt(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            schema(db);
            db.execute("alter table p add column \"order\" int", "alter table p add column \"from\" int");
            try (Connection c = db.guarded("guard.confirmAbove", "1"); Statement s = c.createStatement()) {
                for (String sql : new String[]{"UPDATE p SET \"order\" = 1, code = 'zz' WHERE id = 1",
                        "UPDATE p SET \"from\" = 1, code = 'zz' WHERE id = 1"}) {
                    SQLException e = catchThrowableOfType(() -> s.executeUpdate(sql), SQLException.class);
                    assertThat((Throwable) e).as(sql).isNotNull();
                    assertThat(e.getSQLState()).as("%s: %s", sql, e.getMessage()).isEqualTo("XG001");
                }
            }
            intact(db);
        }
    }

    /**
     * Texts a prepare let through are shared by the database's connections: one with the guard off screens nothing,
     * and what it prepared must not pass untouched on a guarded connection.
     */
    @Test
    void aTextPreparedWithTheGuardOffIsStillCheckedOnAGuardedConnection() throws Exception {
        try (TestDb db = TestDatabase.H2.create()) {
            schema(db);
            String rename = "UPDATE p SET code = ? WHERE id = ?";
            try (Connection off = db.guarded("guard.mode", "off"); PreparedStatement ps = off.prepareStatement(rename)) {
                ps.setString(1, "a");
                ps.setInt(2, 1);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Connection on = db.guarded("guard.confirmAbove", "1"); PreparedStatement ps = on.prepareStatement(rename)) {
                ps.setString(1, "zz");
                ps.setInt(2, 1);
                SQLException e = catchThrowableOfType(ps::executeUpdate, SQLException.class);
                assertThat((Throwable) e).isNotNull();
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("XG001");
            }
            intact(db);
        }
    }
}
