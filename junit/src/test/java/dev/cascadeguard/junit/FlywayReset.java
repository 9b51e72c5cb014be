package dev.cascadeguard.junit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;

/** A typical "fresh schema per test" extension: Flyway clean() then migrate() before each test. */
final class FlywayReset implements BeforeEachCallback {

    private final Flyway flyway;

    FlywayReset(DataSource dataSource) {
        this.flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/shop").cleanDisabled(false).load();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        flyway.clean();
        flyway.migrate();
    }
}
