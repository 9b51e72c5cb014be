package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** HSQLDB has no dialect of its own: lint through the generic path (DatabaseMetaData, bounded counts). */
class HsqldbLintTest extends LintContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.HSQLDB;
    }

    @Override
    String t(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    @Override
    boolean indexesForeignKeysItself() {
        return true;
    }

    @Test
    void rowsComeFromABoundedCount() {
        assertThat(lint("--no-color").out()).contains("(estimates from count)");
    }
}
