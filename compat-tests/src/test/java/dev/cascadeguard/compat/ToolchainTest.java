package dev.cascadeguard.compat;

import dev.cascadeguard.driver.GuardDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The module's class path is usable: the guard, a real DataSource and Spring's JDBC classes load together. */
class ToolchainTest {

    @Test
    void guardDataSourceWrapsH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:toolchain;DB_CLOSE_DELAY=-1");
        GuardDataSource guarded = new GuardDataSource(h2);
        try (Connection c = guarded.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table t (id int primary key)");
            s.execute("insert into t values (1), (2)");
            try (ResultSet rs = s.executeQuery("select count(*) from t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            assertThat(guarded.unwrap(JdbcDataSource.class)).isSameAs(h2);
            assertThat(new org.springframework.jdbc.core.JdbcTemplate(guarded).queryForObject("select count(*) from t",
                    Integer.class)).isEqualTo(2);
            s.execute("drop table t");
        }
    }
}
