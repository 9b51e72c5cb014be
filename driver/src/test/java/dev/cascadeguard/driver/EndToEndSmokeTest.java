package dev.cascadeguard.driver;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndToEndSmokeTest {

    @org.junit.jupiter.api.Test
    void h2DatabaseToLowerResolvesLowerCaseNames() throws Exception {
        String url = "jdbc:h2:mem:lower_" + System.nanoTime() + ";DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (Connection plain = DriverManager.getConnection(url); Statement s = plain.createStatement()) {
            s.execute("create table Parent (id int primary key)");
            s.execute("create table Child (id int primary key, parent_id int references Parent(id) on delete cascade)");
            s.execute("insert into Parent values (1)");
            s.execute("insert into Child values (1, 1), (2, 1)");
            try (Connection c = DriverManager.getConnection("jdbc:guard:" + url.substring(5))) {
                var report = c.unwrap(GuardConnection.class).preview("DELETE FROM Parent WHERE id = 1");
                assertThat(report.reports()).singleElement()
                        .satisfies(r -> assertThat(r.effects()).extracting(e -> e.table() + "=" + e.rows())
                                .containsExactly("parent=1", "child=2"));
            }
            s.execute("SHUTDOWN");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.class, names = {"H2", "POSTGRES", "SQLITE", "MARIADB"})
    void confirmThenOverride(TestDatabase kind) throws Exception {
        try (TestDb db = kind.create()) {
            db.execute("create table organizations (id int primary key, name varchar(50))",
                    "create table users (id int primary key, org_id int references organizations(id) on delete cascade)",
                    "create table orders (id int primary key, user_id int references users(id) on delete cascade)",
                    "insert into organizations values (1, 'test-org'), (2, 'other')",
                    "insert into users values (1, 1), (2, 1), (3, 2)",
                    "insert into orders values (1, 1), (2, 1), (3, 2), (4, 3)");
            Properties p = new Properties();
            p.setProperty("guard.confirmAbove", "3");
            try (Connection c = DriverManager.getConnection(db.guardUrl(), p); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM organizations WHERE name = 'test-org'"))
                        .isInstanceOf(ConfirmationRequiredException.class)
                        .satisfies(e -> System.out.println(kind + ":\n" + e.getMessage()))
                        .hasMessageContaining("SET guard.allow_rows = 6")
                        .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("XG001");
                assertThat(db.count("orders")).isEqualTo(4);
                s.execute("SET guard.allow_rows = 6");
                s.executeUpdate("DELETE FROM organizations WHERE name = 'test-org'");
                assertThat(db.count("orders")).isEqualTo(1);
                assertThat(db.count("users")).isEqualTo(1);
            }
        }
    }
}
