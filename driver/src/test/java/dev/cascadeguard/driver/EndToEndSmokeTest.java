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
