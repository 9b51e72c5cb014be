package dev.cascadeguard.driver.fuzz;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Found by {@link GuardFuzzProperties}: an UPDATE of a referenced key that JSqlParser does not read (parentheses nested
 * deeper than the parser's limit; a no-break space, which H2 reads as a space) is classified by its words alone, has no DELETE/TRUNCATE/DROP, and ran
 * unchecked; ON UPDATE CASCADE then rewrote the child rows although every table blocks at 0 rows.
 */
class UnparseableKeyUpdateTest {

    @Test
    void unparseableKeyUpdatesFailClosed() throws SQLException {
        try (TestDb db = TestDatabase.H2.create()) {
            db.execute("create table p (id int primary key)",
                    "create table c (id int primary key, p_id int references p(id) on update cascade)",
                    "insert into p values (1), (2)", "insert into c values (1, 1), (2, 2)");
            String deep = "UPDATE p SET id = id + 10 WHERE id IN " + "(SELECT id FROM p WHERE id IN ".repeat(201) + "(1)"
                    + ")".repeat(201);
            // H2 takes a no-break space for a space, JSqlParser does not: what a paste from a web page may hold
            String noBreakSpace = "UPDATE p SET id\u00a0= id + 10 WHERE id = 1";
            try (Connection guarded = DriverManager.getConnection(db.guardUrl(), FuzzFixture.stopEveryDestruction());
                 Statement s = guarded.createStatement()) {
                for (String sql : new String[]{noBreakSpace, deep}) {
                    assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql.substring(0, 20))
                            .isInstanceOfSatisfying(SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("XG003"));
                }
            }
            assertThat(db.count("p where id = 1")).isEqualTo(1);
            assertThat(db.count("c where p_id = 1")).isEqualTo(1);
        }
    }
}
