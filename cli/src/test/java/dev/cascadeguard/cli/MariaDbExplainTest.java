package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;

class MariaDbExplainTest extends ExplainContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }

    @Override
    String t(String table) {
        return table;
    }
}
