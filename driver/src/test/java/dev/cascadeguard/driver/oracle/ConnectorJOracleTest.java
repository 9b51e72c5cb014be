package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.stream.Stream;

import static dev.cascadeguard.driver.testdb.TestDatabase.MARIADB;
import static dev.cascadeguard.report.EffectAction.DELETE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MariaDB oracle cases again, unchanged, through MySQL Connector/J ({@code jdbc:guard:mysql:}) against the same
 * MariaDB server: Connector/J reports the product as "MySQL", reads the current database as the catalog, and
 * prepares statements client-side by default. The guard must count exactly as it does through MariaDB Connector/J.
 */
class ConnectorJOracleTest {

    private interface Case {
        void run() throws Exception;
    }

    private static DynamicTest viaConnectorJ(String name, Case body) {
        return DynamicTest.dynamicTest(name, () -> TestDatabase.throughMySqlConnectorJ(body::run));
    }

    @TestFactory
    Stream<DynamicTest> mariaDbOracleCasesThroughConnectorJ() {
        CascadeOracleTest cascade = new CascadeOracleTest();
        EdgeCaseOracleTest edge = new EdgeCaseOracleTest();
        StatementShapeOracleTest shape = new StatementShapeOracleTest();
        MariaDbLimitOracleTest limit = new MariaDbLimitOracleTest();
        JointDeleteOracleTest joint = new JointDeleteOracleTest();
        return Stream.of(
                viaConnectorJ("organizationsFanOut", () -> cascade.organizationsFanOut(MARIADB)),
                viaConnectorJ("onePairPerAction", () -> cascade.onePairPerAction(MARIADB)),
                viaConnectorJ("classicPairs", () -> cascade.classicPairs(MARIADB)),
                viaConnectorJ("selfReferencingTree", () -> cascade.selfReferencingTree(MARIADB)),
                viaConnectorJ("diamondCountsSharedRowsOnce", () -> cascade.diamondCountsSharedRowsOnce(MARIADB)),
                viaConnectorJ("cascadeWinsOverSetNull", () -> cascade.cascadeWinsOverSetNull(MARIADB)),
                viaConnectorJ("compositeKey", () -> cascade.compositeKey(MARIADB)),
                viaConnectorJ("restrictDeepInsideCascade", () -> cascade.restrictDeepInsideCascade(MARIADB)),
                viaConnectorJ("keyReferencingUniqueColumn", () -> cascade.keyReferencingUniqueColumn(MARIADB)),
                viaConnectorJ("twoTableCycle", () -> cascade.twoTableCycle(MARIADB)),
                viaConnectorJ("selfReferenceRestrictFromOutside", () -> edge.selfReferenceRestrictFromOutside(MARIADB)),
                viaConnectorJ("mariadbCascadeDepthLimit", edge::mariadbCascadeDepthLimit),
                viaConnectorJ("subqueryPredicate", () -> edge.subqueryPredicate(MARIADB)),
                viaConnectorJ("literalsAndParameters", () -> shape.literalsAndParameters(MARIADB)),
                viaConnectorJ("manyParameters", () -> shape.manyParameters(MARIADB)),
                viaConnectorJ("mariadbOrderByLimit", shape::mariadbOrderByLimit),
                viaConnectorJ("selfReferenceCyclicData", () -> shape.selfReferenceCyclicData(MARIADB)),
                viaConnectorJ("uncommittedRowsInTheSameTransaction",
                        () -> shape.uncommittedRowsInTheSameTransaction(MARIADB)),
                viaConnectorJ("orderByLimitCountsOnlyTheRowsTheLimitKeeps",
                        limit::orderByLimitCountsOnlyTheRowsTheLimitKeeps),
                viaConnectorJ("aChoiceTheServerMakesIsNotGuessed", limit::aChoiceTheServerMakesIsNotGuessed),
                viaConnectorJ("limitsThatChooseNothingAreCountedExactly",
                        limit::limitsThatChooseNothingAreCountedExactly),
                viaConnectorJ("multiTableDeleteCountsARowReachedFromTwoTargetsOnce",
                        joint::multiTableDeleteCountsARowReachedFromTwoTargetsOnce),
                viaConnectorJ("multiTableDeleteWithRestrict", joint::multiTableDeleteWithRestrict),
                viaConnectorJ("batchCountsRowsTheEarlierStatementsRemoveOnce",
                        () -> joint.batchCountsRowsTheEarlierStatementsRemoveOnce(MARIADB)),
                viaConnectorJ("preparedBatchIsDecidedOnTheRowsItRemoves",
                        () -> joint.preparedBatchIsDecidedOnTheRowsItRemoves(MARIADB)));
    }

    /** The URL really is Connector/J's, and the guard behind it stops a statement over its threshold. */
    @Test
    void guardUrlWithMySqlConnectorJEnforces() throws Exception {
        TestDatabase.throughMySqlConnectorJ(() -> {
            try (TestDb db = MARIADB.create()) {
                assertThat(db.guardUrl()).startsWith("jdbc:guard:mysql://");
                db.execute("create table p (id int primary key)",
                        "create table c (id int primary key, p int, " + Sql.fk("fk_c_p", "p", "p", "id", "cascade") + ")",
                        "insert into p values (1), (2)", "insert into c values (1, 1), (2, 1), (3, 2)");
                Properties settings = new Properties();
                settings.setProperty("guard.confirmAbove", "2");
                try (Connection c = DriverManager.getConnection(db.guardUrl(), settings);
                     Statement s = c.createStatement()) {
                    assertThat(c.getMetaData().getDriverName()).contains("MySQL Connector/J");
                    assertThatThrownBy(() -> s.executeUpdate("DELETE FROM p WHERE id = 1"))
                            .isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("XG001"));
                    assertThat(db.count("c")).isEqualTo(3);
                    assertThat(s.executeUpdate("DELETE FROM p WHERE id = 2")).isEqualTo(1);
                    assertThat(db.count("c")).isEqualTo(2);
                    var report = c.unwrap(GuardConnection.class).preview("DELETE FROM p WHERE id = 1");
                    assertThat(report.reports().get(0).effects()).anySatisfy(e -> {
                        assertThat(e.table()).isEqualToIgnoringCase("c");
                        assertThat(e.action()).isEqualTo(DELETE);
                        assertThat(e.rows()).isEqualTo(2);
                    });
                }
            }
        });
    }
}
