package dev.cascadeguard.spring.boot.app;

import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.spring.CascadeConfirmationRequiredException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** {@code @JdbcTest}: guarded, and JdbcTemplate translates a stopped statement. */
@JdbcTest(properties = {"decorator.datasource.enabled=false", "spring.flyway.enabled=false"})
class ShopJdbcSliceTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void deleteWithoutWhereNeedsConfirmation() {
        assertThat(dataSource).isInstanceOf(GuardDataSource.class);
        jdbc.execute("create table notes (id int)");
        jdbc.update("insert into notes select x from system_range(1, 3)");
        Throwable stopped = catchThrowable(() -> jdbc.update("delete from notes"));
        assertThat(stopped).isInstanceOf(CascadeConfirmationRequiredException.class)
                .hasMessageContaining("guard.deleteWithoutWhere");
        assertThat(jdbc.queryForObject("select count(*) from notes", Integer.class)).isEqualTo(3);
    }
}
