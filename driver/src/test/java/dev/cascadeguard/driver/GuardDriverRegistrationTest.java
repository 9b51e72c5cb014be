package dev.cascadeguard.driver;

import org.junit.jupiter.api.Test;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the driver meets DriverManager: registered on class load, removable for a clean redeploy. */
class GuardDriverRegistrationTest {

    private static List<Driver> guardDrivers() {
        return Collections.list(DriverManager.getDrivers()).stream().filter(d -> d instanceof GuardDriver).toList();
    }

    @Test
    void registeredOnceAndDeregisteredCleanly() throws SQLException {
        new GuardDriver(); // loads the class: its static initializer registers the one shared instance
        assertThat(guardDrivers()).hasSize(1);
        try {
            GuardDriver.deregister();
            assertThat(guardDrivers()).as("nothing of the guard left in DriverManager").isEmpty();
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:guard:h2:mem:gone"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("No suitable driver");
        } finally {
            DriverManager.registerDriver(new GuardDriver()); // the other tests in this JVM still need one
        }
        assertThat(guardDrivers()).hasSize(1);
    }

    /** Every real driver of the test class path is present, so the hint for a missing one is checked directly. */
    @Test
    void missingMySqlDriverHintNamesBothDrivers() {
        assertThat(DriverHints.hintFor("jdbc:mysql://127.0.0.1:1/x")).contains("mysql-connector-j")
                .contains("mariadb-java-client");
    }

    /** Where DriverManager cannot show this class the real driver (app servers, plugin class loaders). */
    @Test
    void findsARealDriverThatDriverManagerDoesNotOffer() throws Exception {
        Driver h2 = Collections.list(DriverManager.getDrivers()).stream()
                .filter(d -> d.getClass().getName().equals("org.h2.Driver")).findFirst().orElseThrow();
        DriverManager.deregisterDriver(h2);
        try (var c = DriverManager.getConnection("jdbc:guard:h2:mem:unregistered");
             var rs = c.createStatement().executeQuery("SELECT 42")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(c.unwrap(GuardConnection.class)).isNotNull();
        } finally {
            DriverManager.registerDriver(h2);
        }
    }

    @Test
    void aMissingDriverIsNamedWithWhatToAddAndWhatWasFound() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:guard:nosuchdb://h/x?password=pw"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no JDBC driver on the class path accepts jdbc:nosuchdb://h/x")
                .hasMessageContaining("org.h2.Driver")
                .hasMessageNotContaining("pw");
    }

    @Test
    void serviceFileNamesTheDriver() throws Exception {
        var url = GuardDriver.class.getClassLoader().getResource("META-INF/services/java.sql.Driver");
        assertThat(url).isNotNull();
        try (var in = url.openStream()) {
            assertThat(new String(in.readAllBytes()).strip()).isEqualTo("dev.cascadeguard.driver.GuardDriver");
        }
    }

    @Test
    void urlHandlingStripsThePrefixOnceAndHidesCredentials() {
        assertThat(GuardDriver.realUrl("jdbc:guard:postgresql://h/db?ApplicationName=jdbc:guard:x"))
                .isEqualTo("jdbc:postgresql://h/db?ApplicationName=jdbc:guard:x");
        assertThat(GuardDriver.safeUrl("jdbc:postgresql://bob:secret@h:5432/db?password=secret"))
                .doesNotContain("secret").startsWith("jdbc:postgresql://***@h:5432/db");
        assertThat(GuardDriver.safeUrl("jdbc:h2:mem:x;PASSWORD=secret")).doesNotContain("secret");
        assertThat(GuardDriver.safeUrl("jdbc:oracle:thin:scott/secret@db:1521/orcl"))
                .isEqualTo("jdbc:oracle:thin:***@db:1521/orcl");
        assertThat(GuardDriver.safeUrl("jdbc:mysql://address=(host=h)(user=u)(password=secret)/db"))
                .doesNotContain("secret");
    }
}
