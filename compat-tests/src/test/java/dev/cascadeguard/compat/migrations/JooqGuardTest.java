package dev.cascadeguard.compat.migrations;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;

import static dev.cascadeguard.compat.migrations.GuardedDb.assertStopped;
import static dev.cascadeguard.compat.migrations.GuardedDb.tableExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.unquotedName;

/** jOOQ 3.19 over a guarded connection (default settings): the DDL and cleanup statements jOOQ renders. */
class JooqGuardTest {

    private static final Table<?> PARENT = table(unquotedName("parent"));
    private static final Table<?> CHILD = table(unquotedName("child"));
    private static final Table<?> SCRATCH = table(unquotedName("scratch"));

    private static SQLDialect dialect(TestDatabase database) {
        return switch (database) {
            case POSTGRES -> SQLDialect.POSTGRES;
            case MARIADB -> SQLDialect.MARIADB;
            default -> SQLDialect.H2;
        };
    }

    private static void createTables(TestDb db, int parents, int children) throws SQLException {
        db.execute("create table parent (id int primary key)",
                "create table child (id int primary key,"
                        + " parent_id int not null references parent (id) on delete cascade)");
        GuardedDb.insertRows(db.connection(), "parent", parents, null, null);
        GuardedDb.insertRows(db.connection(), "child", children, "parent_id", id -> (id - 1) % parents + 1);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void dropTableIfExistsCascadeOnAnEmptyTableRuns(TestDatabase database) throws Exception {
        try (TestDb db = database.create(); Connection guarded = GuardedDb.guarded(db).getConnection()) {
            db.execute("create table scratch (id int primary key)");
            DSLContext jooq = DSL.using(guarded, dialect(database));

            jooq.dropTableIfExists(SCRATCH).cascade().execute();
            assertThat(tableExists(db, "scratch")).isFalse();

            // and again, now that it is missing
            jooq.dropTableIfExists(SCRATCH).cascade().execute();
        }
    }

    @Test
    void truncateCascadeOnPostgresOverManyRowsIsStoppedAndRunsInsideAnAllowance() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create(); Connection guarded = GuardedDb.guarded(db).getConnection()) {
            createTables(db, 10, 1200);
            DSLContext jooq = DSL.using(guarded, SQLDialect.POSTGRES);

            Throwable thrown = catchThrowable(() -> jooq.truncate(PARENT).cascade().execute());

            assertStopped(thrown, "XG001", "CascadeGuard stopped this statement: it needs confirmation (XG001).",
                    "truncate table parent cascade", "1,210 rows", "guard.confirmAbove");
            assertThat(db.count("parent")).isEqualTo(10);
            assertThat(db.count("child")).isEqualTo(1200);

            try (var scope = CascadeGuard.allow(2_000, "reset the test data")) {
                jooq.truncate(PARENT).cascade().execute();
            }
            assertThat(db.count("parent")).isZero();
            assertThat(db.count("child")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "MARIADB"})
    void deleteFromWithFewRows(TestDatabase database) throws Exception {
        try (TestDb db = database.create(); Connection guarded = GuardedDb.guarded(db).getConnection()) {
            createTables(db, 4, 8);
            DSLContext jooq = DSL.using(guarded, dialect(database));

            // with a WHERE: 1 parent and its 2 children, under every threshold
            assertThat(jooq.deleteFrom(PARENT).where(field(unquotedName("id")).eq(1)).execute()).isEqualTo(1);
            assertThat(db.count("parent")).isEqualTo(3);
            assertThat(db.count("child")).isEqualTo(6);

            // without a WHERE: guard.deleteWithoutWhere=CONFIRM (default) stops it whatever the count
            Throwable thrown = catchThrowable(() -> jooq.deleteFrom(CHILD).execute());
            assertStopped(thrown, "XG001", "delete from child", "guard.deleteWithoutWhere");
            assertThat(db.count("child")).isEqualTo(6);

            try (var scope = CascadeGuard.allow(10, "reset the test data")) {
                assertThat(jooq.deleteFrom(CHILD).execute()).isEqualTo(6);
            }
            assertThat(db.count("child")).isZero();
        }
    }
}
