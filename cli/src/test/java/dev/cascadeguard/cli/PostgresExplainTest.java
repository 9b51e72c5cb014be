package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;

/** Skips with a message when PostgreSQL is not on 127.0.0.1:5432 (fails instead when CI=true). */
class PostgresExplainTest extends ExplainContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Override
    String t(String table) {
        return table;
    }
}
