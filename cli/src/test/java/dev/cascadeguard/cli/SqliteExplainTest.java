package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;

class SqliteExplainTest extends ExplainContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.SQLITE;
    }

    @Override
    String t(String table) {
        return table;
    }
}
