package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Skips with a message when MariaDB is not on 127.0.0.1:3306 (fails instead when CI=true). */
class MariaDbRunTest extends RunContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    boolean ddlCommits() {
        return true;
    }

    @Override
    String databaseName() {
        return "MariaDB";
    }

    @Override
    String t(String table) {
        return table;
    }

    @Test
    void delimiterScriptCreatesAProcedureWhoseBodyHasSemicolons() throws Exception {
        // the body holds ; and a DELETE: the script switches the delimiter, and the guard takes the body whole
        Path script = write("purge.sql", """
                CREATE TABLE purge_log (order_id INT, items INT);
                -- a procedure body holds ; so the script switches the delimiter
                DELIMITER //
                CREATE PROCEDURE log_order(IN order_no INT)
                BEGIN
                  DELETE FROM purge_log WHERE order_id = order_no;
                  INSERT INTO purge_log VALUES (order_no, (SELECT COUNT(*) FROM order_items WHERE order_id = order_no));
                  INSERT INTO purge_log VALUES (order_no, (SELECT COUNT(*) FROM invoices WHERE order_id = order_no));
                END //
                DELIMITER ;
                CALL log_order(5);
                DELETE FROM orders WHERE id = 5;
                """);

        write("guard.properties", "guard.confirmAbove=5\nguard.onEstimateError=ALLOW\n");
        CliRun run = run(script.toString());

        // the call of a procedure whose body deletes is decided by guard.onEstimateError (issue #20): ALLOW here
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(ShopSchema.counts(db)).containsExactly(2, 3, 4, 8, 4);
        assertThat(run.out()).contains("ran 4 statements in one transaction, committed");
        assertThat(db.count("purge_log where order_id = 5 and items = 1")).isEqualTo(2);
        try (Statement s = db.connection().createStatement();
             ResultSet r = s.executeQuery("select count(*) from information_schema.routines "
                     + "where routine_schema = database() and routine_name = 'log_order'")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void mysqldumpExecutableCommentsAreRunAsTheServerWouldRunThem() throws Exception {
        Path dump = write("dump.sql", """
                /*!40101 SET NAMES utf8mb4 */;
                /*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
                /*M!100000 SET @mariadb_only = 1 */;
                /*M!999999 SET @from_the_future = 1 */;
                DROP TABLE IF EXISTS t;
                CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20));
                /*!40000 ALTER TABLE t DISABLE KEYS */;
                INSERT INTO t VALUES (1, 'a'), (2, 'b');
                /*!40000 ALTER TABLE t ENABLE KEYS */;
                /*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
                """);

        CliRun run = run(dump.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.err()).isEmpty();
        // the /*M!999999 … */ statement is skipped as the server would skip it: 9 of the 10 run
        assertThat(run.out()).startsWith("ran 9 statements in one transaction, committed");
        assertThat(db.count("t")).isEqualTo(2);
    }

    @Test
    void lockTablesCommitsImplicitly() throws Exception {
        Path script = write("lock.sql", """
                delete from invoices where id = 5;
                LOCK TABLES organizations WRITE, users WRITE, orders WRITE, order_items WRITE, invoices WRITE;
                delete from organizations where id = 1;
                """);

        CliRun run = run(script.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(db.count("invoices")).isEqualTo(4);
        assertThat(run.out()).startsWith("stopped after 2 statements of 3: statements 1–2 stay committed");
    }
}
