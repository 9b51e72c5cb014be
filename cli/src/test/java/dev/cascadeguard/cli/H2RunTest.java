package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;

import java.util.Locale;

class H2RunTest extends RunContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    boolean ddlCommits() {
        return true;
    }

    @Override
    String databaseName() {
        return "H2";
    }

    @Override
    String t(String table) {
        return table.toUpperCase(Locale.ROOT);
    }
}
