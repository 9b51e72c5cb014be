package dev.cascadeguard.cli;

import dev.cascadeguard.cli.StatementKind.Dialect;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class StatementKindTest {

    @Test
    void transactionControlIsRecognisedByItsFirstWords() {
        assertThat(StatementKind.transactionControl("BEGIN")).isEqualTo("BEGIN");
        assertThat(StatementKind.transactionControl("begin transaction isolation level serializable")).isEqualTo("BEGIN");
        assertThat(StatementKind.transactionControl("start  transaction")).isEqualTo("START TRANSACTION");
        assertThat(StatementKind.transactionControl("END")).isEqualTo("END");
        assertThat(StatementKind.transactionControl("rollback to savepoint a")).isEqualTo("ROLLBACK");
        assertThat(StatementKind.transactionControl("SET autocommit = 0")).isEqualTo("SET autocommit");
        assertThat(StatementKind.transactionControl("set @@session.autocommit=1")).isEqualTo("SET autocommit");
        assertThat(StatementKind.transactionControl("BEGIN NOT ATOMIC DELETE FROM t; END")).isNull();
        assertThat(StatementKind.transactionControl("SAVEPOINT a")).isNull();
        assertThat(StatementKind.transactionControl("delete from ending")).isNull();
        assertThat(StatementKind.transactionControl("CREATE TRIGGER t BEGIN DELETE FROM x; END")).isNull();
    }

    @Test
    void implicitCommitsOnlyWhereTheDatabaseCommitsDdl() {
        assertThat(StatementKind.commitsImplicitly("create table t (id int)", Dialect.MARIADB)).isTrue();
        assertThat(StatementKind.commitsImplicitly("TRUNCATE t", Dialect.H2)).isTrue();
        assertThat(StatementKind.commitsImplicitly("LOCK TABLES t WRITE", Dialect.MYSQL)).isTrue();
        assertThat(StatementKind.commitsImplicitly("CREATE TEMPORARY TABLE t (id int)", Dialect.MYSQL)).isFalse();
        assertThat(StatementKind.commitsImplicitly("create table t (id int)", Dialect.POSTGRESQL)).isFalse();
        assertThat(StatementKind.commitsImplicitly("delete from t", Dialect.MARIADB)).isFalse();
    }

    @Test
    void sessionStatementsForTheDryRun() {
        assertThat(StatementKind.sessionOnly("SET search_path TO other")).isTrue();
        assertThat(StatementKind.sessionOnly("USE shop")).isTrue();
        assertThat(StatementKind.sessionOnly("SET ROLE cleanup")).isTrue();
        assertThat(StatementKind.sessionOnly("SET guard.allow_rows = 5")).isFalse();
        assertThat(StatementKind.sessionOnly("SET GLOBAL max_connections = 1")).isFalse();
        assertThat(StatementKind.sessionOnly("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")).isFalse();
        assertThat(StatementKind.sessionOnly("SET autocommit = 1")).isFalse();
    }

    @Test
    void guardSetIsRead() {
        assertThat(StatementKind.guardSet("SET guard.allow_rows = 19"))
                .isEqualTo(new StatementKind.GuardSet(false, OptionalLong.of(19)));
        assertThat(StatementKind.guardSet("set guard.allow_rows_total to '20'"))
                .isEqualTo(new StatementKind.GuardSet(true, OptionalLong.of(20)));
        assertThat(StatementKind.guardSet("RESET guard.allow_rows"))
                .isEqualTo(new StatementKind.GuardSet(false, OptionalLong.empty()));
        assertThat(StatementKind.guardSet("SET search_path TO x")).isNull();
    }

    @Test
    void executableCommentsUnwrapAsTheServerReadsThem() {
        assertThat(StatementKind.unwrap("/*!40101 SET NAMES utf8mb4 */", Dialect.MYSQL, 80036))
                .isEqualTo("SET NAMES utf8mb4");
        assertThat(StatementKind.unwrap("/*!90000 SET x = 1 */", Dialect.MYSQL, 80036)).isEmpty();
        assertThat(StatementKind.unwrap("/*M!100616 SET x = 1 */", Dialect.MYSQL, 80036)).isEmpty();
        assertThat(StatementKind.unwrap("/*M!100616 SET x = 1 */", Dialect.MARIADB, 101106)).isEqualTo("SET x = 1");
        assertThat(StatementKind.unwrap("/*!40101 SET NAMES utf8mb4 */", Dialect.POSTGRESQL, 160000))
                .isEqualTo("/*!40101 SET NAMES utf8mb4 */");
        assertThat(StatementKind.unwrap("/*!1 a */ delete from t /*!2 b */", Dialect.MYSQL, 80036))
                .isEqualTo("/*!1 a */ delete from t /*!2 b */");
    }
}
