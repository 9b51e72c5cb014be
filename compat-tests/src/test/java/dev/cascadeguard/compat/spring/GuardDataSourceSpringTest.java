package dev.cascadeguard.compat.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.compat.spring.petclinic.OwnerRepository;
import dev.cascadeguard.compat.spring.petclinic.PetClinicApp;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import static dev.cascadeguard.compat.spring.PetClinic.DATA;
import static dev.cascadeguard.compat.spring.PetClinic.KENNEL;
import static dev.cascadeguard.compat.spring.PetClinic.SCHEMA;
import static dev.cascadeguard.compat.spring.PetClinic.chain;
import static dev.cascadeguard.compat.spring.PetClinic.counts;
import static dev.cascadeguard.compat.spring.PetClinic.existingTables;
import static dev.cascadeguard.compat.spring.PetClinic.findSqlState;
import static dev.cascadeguard.compat.spring.PetClinic.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spring Boot with the DataSource wrapped instead of the URL changed: {@code spring.datasource.url} keeps the real
 * URL, and a {@code @Bean DataSource} returns {@code new GuardDataSource(hikari)}. Default guard settings.
 */
class GuardDataSourceSpringTest {

    /** The application's own DataSource bean: Spring Boot's Hikari pool from spring.datasource.*, guarded. */
    @Configuration(proxyBeanMethods = false)
    static class GuardedDataSourceConfiguration {

        @Bean
        GuardDataSource dataSource(DataSourceProperties properties) {
            return new GuardDataSource(properties.initializeDataSourceBuilder().type(HikariDataSource.class).build());
        }
    }

    private static final Class<?>[] APP = {PetClinicApp.class, GuardedDataSourceConfiguration.class};

    @Test
    void h2WrappedDataSourceIsDetectedAndStopsALargeCascade() throws Exception {
        String h2 = PetClinic.newH2Url("wrapped");
        try (ConfigurableApplicationContext app = start(APP,
                "spring.datasource.url=" + h2,
                "spring.datasource.username=sa",
                "spring.datasource.password=",
                // no spring.sql.init.mode: the default ("embedded") runs the scripts only where Spring Boot
                // recognises an embedded database through the wrapper
                "spring.sql.init.schema-locations=" + SCHEMA,
                "spring.sql.init.data-locations=" + DATA + "," + KENNEL,
                "spring.jpa.hibernate.ddl-auto=none")) {
            DataSource dataSource = app.getBean(DataSource.class);
            assertWrapsHikari(dataSource, h2);
            assertThat(EmbeddedDatabaseConnection.isEmbedded(dataSource)).isTrue();
            assertThat(dialect(app)).isInstanceOf(H2Dialect.class);
            assertThat(counts(h2))
                    .isEqualTo("vet_specialties=5 vets=6 specialties=3 visits=1204 pets=413 types=6 owners=11");

            assertKennelDeleteStopped(app, h2);
        } finally {
            PetClinic.shutdownH2(h2);
        }
    }

    @Test
    void postgresWrappedDataSourceIsDetectedAndStopsALargeCascade() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            String url = db.jdbcUrl();
            try (ConfigurableApplicationContext app = start(APP,
                    "spring.datasource.url=" + url,
                    "spring.sql.init.mode=never",
                    "spring.jpa.hibernate.ddl-auto=create-drop",
                    "spring.jpa.properties.hibernate.hbm2ddl.halt_on_error=true")) {
                DataSource dataSource = app.getBean(DataSource.class);
                assertWrapsHikari(dataSource, url);
                assertThat(EmbeddedDatabaseConnection.isEmbedded(dataSource)).isFalse();
                assertThat(dialect(app)).isInstanceOf(PostgreSQLDialect.class);

                // the kennel, seeded with plain JDBC into the tables Hibernate created (with ON DELETE CASCADE)
                db.execute(
                        "insert into types (name) values ('dog')",
                        "insert into owners (first_name, last_name, city) values ('George', 'Franklin', 'Madison')",
                        "insert into owners (first_name, last_name, city) values ('Bulk', 'Kennel', 'Madison')",
                        "insert into pets (name, birth_date, type_id, owner_id) select 'Puppy ' || x,"
                                + " date '2020-01-01', (select id from types), o.id"
                                + " from generate_series(1, 400) x, owners o where o.last_name = 'Kennel'",
                        "insert into pets (name, birth_date, type_id, owner_id) select 'Leo', date '2010-09-07',"
                                + " (select id from types), id from owners where last_name = 'Franklin'",
                        "insert into visits (pet_id, visit_date, description) select p.id,"
                                + " date '2024-01-01' + r, 'checkup ' || r from pets p, generate_series(1, 3) r");
                assertThat(counts(url))
                        .isEqualTo("vet_specialties=0 vets=0 specialties=0 visits=1203 pets=401 types=1 owners=2");

                assertKennelDeleteStopped(app, url);

                // meant: a scoped allowance on the calling thread covers the repository delete
                OwnerRepository owners = app.getBean(OwnerRepository.class);
                try (var scope = CascadeGuard.allow(1_601, "close the kennel's account")) {
                    owners.deleteById(owners.findByLastName("Kennel").orElseThrow().getId());
                }
                assertThat(counts(url))
                        .isEqualTo("vet_specialties=0 vets=0 specialties=0 visits=3 pets=1 types=1 owners=1");
            }
            assertThat(existingTables(url)).as("create-drop dropped the tables at close").isEmpty();
        }
    }

    private static void assertWrapsHikari(DataSource dataSource, String realUrl) throws SQLException {
        assertThat(dataSource).isInstanceOf(GuardDataSource.class);
        assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.getJdbcUrl()).isEqualTo(realUrl);
        assertThat(pool.isRunning()).isTrue();
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.isWrapperFor(GuardConnection.class)).as("connections are guarded").isTrue();
        }
    }

    private static Dialect dialect(ConfigurableApplicationContext app) {
        return app.getBean(EntityManagerFactory.class).unwrap(SessionFactoryImplementor.class)
                .getJdbcServices().getDialect();
    }

    /** The kennel's repository delete cascades to 1 + 400 + 1,200 rows: stopped with XG001, nothing deleted. */
    private static void assertKennelDeleteStopped(ConfigurableApplicationContext app, String url) throws Exception {
        String before = counts(url);
        OwnerRepository owners = app.getBean(OwnerRepository.class);
        Integer kennel = owners.findByLastName("Kennel").orElseThrow().getId();

        Throwable stopped = catchThrowable(() -> owners.deleteById(kennel));

        assertThat(stopped).isInstanceOf(DataAccessException.class);
        SQLException stop = findSqlState(stopped, "XG001");
        assertThat((Object) stop).as("an XG001 in the cause chain of:\n  %s", chain(stopped)).isNotNull();
        assertThat(stop.getMessage()).contains("guard.confirmAbove").contains("1,601 rows");
        assertThat(counts(url)).isEqualTo(before);
        assertThat(owners.findById(kennel)).isPresent();
    }
}
