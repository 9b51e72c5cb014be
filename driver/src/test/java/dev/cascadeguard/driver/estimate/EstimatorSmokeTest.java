package dev.cascadeguard.driver.estimate;

import dev.cascadeguard.driver.bind.NameBinder;
import dev.cascadeguard.driver.dialect.CascadeSemantics;
import dev.cascadeguard.driver.dialect.Dialect;
import dev.cascadeguard.driver.dialect.DialectSession;
import dev.cascadeguard.driver.parse.ParsedStatement;
import dev.cascadeguard.driver.parse.SqlFragment;
import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;
import dev.cascadeguard.report.CascadeReport;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EstimatorSmokeTest {

    static final class TestDialect implements Dialect {
        final String quote;
        TestDialect(String quote) { this.quote = quote; }
        public String name() { return "test"; }
        public FkGraph loadGraph(Connection c) { throw new UnsupportedOperationException(); }
        public String currentSchema(Connection c) { return "S"; }
        public TableId resolve(TableName n, String s, FkGraph g) { return new TableId("S", n.name().toUpperCase()); }
        public String quote(String id) { return quote + id + quote; }
        public CascadeSemantics semantics() { return new CascadeSemantics(true, false, true, false, 0); }
        public boolean recursiveUnionDeduplicates() { return false; }
    }

    static TableId t(String n) { return new TableId("S", n); }

    @Test
    void countsOrganizationsCascadeOnH2() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:smoke1")) {
            try (Statement s = c.createStatement()) {
                s.execute("create schema S; set schema S");
                s.execute("create table ORGS(ID int primary key, NAME varchar(20))");
                s.execute("create table USERS(ID int primary key, ORG_ID int references ORGS on delete cascade, BOSS int references USERS on delete cascade)");
                s.execute("create table ORDERS(ID int primary key, USER_ID int references USERS on delete cascade, REF int references USERS on delete set null)");
                s.execute("insert into ORGS values (1,'a'),(2,'b')");
                s.execute("insert into USERS values (1,1,null),(2,1,1),(3,2,2),(4,2,null)");
                s.execute("insert into ORDERS values (1,1,null),(2,3,null),(3,4,1),(4,4,4)");
            }
            FkGraph g = new FkGraph(List.of(
                    new TableInfo(t("ORGS"), List.of("ID"), Map.of(), false),
                    new TableInfo(t("USERS"), List.of("ID"), Map.of(), false),
                    new TableInfo(t("ORDERS"), List.of("ID"), Map.of(), false)),
                    List.of(new ForeignKey("f1", t("USERS"), List.of("ORG_ID"), t("ORGS"), List.of("ID"), FkAction.CASCADE, false, false, List.of()),
                            new ForeignKey("f2", t("USERS"), List.of("BOSS"), t("USERS"), List.of("ID"), FkAction.CASCADE, false, false, List.of()),
                            new ForeignKey("f3", t("ORDERS"), List.of("USER_ID"), t("USERS"), List.of("ID"), FkAction.CASCADE, false, false, List.of()),
                            new ForeignKey("f4", t("ORDERS"), List.of("REF"), t("USERS"), List.of("ID"), FkAction.SET_NULL, false, false, List.of())));
            ParsedStatement.Delete d = new ParsedStatement.Delete("DELETE FROM ORGS WHERE NAME = ?",
                    List.of(new ParsedStatement.DeleteTarget(new TableName(null, "ORGS", false), "ORGS")),
                    SqlFragment.EMPTY, false, SqlFragment.of("ORGS"), false, new SqlFragment("NAME = ?", List.of(1)),
                    SqlFragment.EMPTY);
            var params = new dev.cascadeguard.driver.intercept.ParameterLog();
            params.set(1, "a", (ps, i) -> ps.setString(i, "a"));
            DialectSession session = new DialectSession(new TestDialect("\""), c);
            NameBinder binder = new NameBinder(session, new NameBinder.Catalog() {
                public FkGraph graph() { return g; }
                public FkGraph reloaded() { return g; }
            });
            List<CascadeReport> r = new Estimator(session).estimate(binder.bind(d, "S").get(0),
                    new Estimator.Request(params, Estimator.EXACT, 2000, false));
            System.out.println(r);
            // org a: users 1,2 and (boss chain) 3 -> orders 1,2 deleted; order 3 (ref 1) set null
            assertThat(r.get(0).effects()).extracting(e -> e.table() + ":" + e.action() + ":" + e.rows())
                    .containsExactly("ORGS:DELETE:1", "USERS:DELETE:3", "ORDERS:DELETE:2", "ORDERS:SET_NULL:1");
        }
    }
}
