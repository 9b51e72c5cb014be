package dev.cascadeguard.driver.intercept;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh in-memory H2 database per test with three rows in {@code item}, a guarded connection to it, and a
 * separate plain connection to count what really happened.
 */
abstract class H2Fixture {

    String url;
    Connection plain;
    RejectingGuard guard;
    GuardedConnection guarded;
    Connection realOfGuarded;

    @BeforeEach
    void openDatabase() throws SQLException {
        url = "jdbc:h2:mem:intercept_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        plain = DriverManager.getConnection(url);
        try (Statement statement = plain.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(50), qty BIGINT, "
                    + "price DECIMAL(10,2), created TIMESTAMP, note VARCHAR(50))");
            statement.execute("INSERT INTO item (id, name, qty, price) VALUES "
                    + "(1, 'one', 10, 1.10), (2, 'two', 20, 2.20), (3, 'three', 30, 3.30)");
            statement.execute("CREATE TABLE keyed (id INT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name VARCHAR(50))");
        }
        guard = new RejectingGuard();
        realOfGuarded = DriverManager.getConnection(url);
        guarded = new GuardedConnection(realOfGuarded, guard, guard);
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        guarded.close();
        try (Statement statement = plain.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        plain.close();
    }

    long count(String table) throws SQLException {
        try (Statement statement = plain.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static List<List<Object>> rows(ResultSet resultSet) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        int columns = resultSet.getMetaData().getColumnCount();
        while (resultSet.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                row.add(resultSet.getObject(i));
            }
            rows.add(row);
        }
        return rows;
    }
}
