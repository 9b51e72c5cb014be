package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared test-database helper: isolated, reachable again by URL, gone after close. */
class TestDatabaseTest {

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void freshPlaceReachableByUrlAndDroppedOnClose(TestDatabase database) throws SQLException {
        String url;
        try (TestDb db = database.create()) {
            url = db.jdbcUrl();
            db.execute("create table sample (id int primary key)", "insert into sample values (1)");
            assertThat(db.count("sample")).isEqualTo(1);
            try (Connection again = DriverManager.getConnection(url);
                 var rows = again.createStatement().executeQuery("select count(*) from sample")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1);
            }
            assertThat(db.guardUrl()).isEqualTo("jdbc:guard:" + url.substring(5));
            assertThat(Dialects.forConnection(db.connection()).foreignKeysEnforced(db.connection())).isTrue();
        }
        if (database == TestDatabase.SQLITE) {
            // connecting again would create a new empty file: check the file instead
            String file = url.substring("jdbc:sqlite:".length(), url.indexOf('?'));
            assertThat(java.nio.file.Path.of(file)).doesNotExist();
            return;
        }
        assertThatThrownBy(() -> {
            try (Connection after = DriverManager.getConnection(url)) {
                after.createStatement().executeQuery("select count(*) from sample").close();
            }
        }).isInstanceOf(SQLException.class);
    }
}
