package dev.cascadeguard.compat.spring;

import dev.cascadeguard.compat.spring.petclinic.OwnerRepository;
import dev.cascadeguard.driver.CascadeGuard;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;

import javax.sql.DataSource;
import java.sql.SQLException;

import static dev.cascadeguard.compat.spring.PetClinic.DATA;
import static dev.cascadeguard.compat.spring.PetClinic.KENNEL;
import static dev.cascadeguard.compat.spring.PetClinic.chain;
import static dev.cascadeguard.compat.spring.PetClinic.count;
import static dev.cascadeguard.compat.spring.PetClinic.counts;
import static dev.cascadeguard.compat.spring.PetClinic.existingTables;
import static dev.cascadeguard.compat.spring.PetClinic.findSqlState;
import static dev.cascadeguard.compat.spring.PetClinic.guardUrlWithScripts;
import static dev.cascadeguard.compat.spring.PetClinic.queryLong;
import static dev.cascadeguard.compat.spring.PetClinic.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Spring Boot with only the URL changed ({@code jdbc:guard:h2:mem:…} and {@code GuardDriver}), default guard
 * settings, and a PetClinic-style H2 {@code schema.sql} that starts with H2's suffix-form drops
 * ({@code DROP TABLE vet_specialties IF EXISTS;} …) and runs at every start ({@code spring.sql.init.mode=always}).
 */
class SchemaScriptStartupTest {

    private static final String SEEDED = "vet_specialties=5 vets=6 specialties=3 visits=4 pets=13 types=6 owners=10";
    /** data-h2.sql plus the kennel: 1 owner, 400 pets and 1,200 visits more. */
    private static final String SEEDED_WITH_KENNEL =
            "vet_specialties=5 vets=6 specialties=3 visits=1204 pets=413 types=6 owners=11";

    @Test
    void smallSeededSchemaStartsTwiceAndARepositoryDeleteCascadesInTheDatabase() throws Exception {
        String h2 = PetClinic.newH2Url("small");
        try {
            try (ConfigurableApplicationContext first = start(guardUrlWithScripts(h2, DATA))) {
                assertThat(counts(h2)).isEqualTo(SEEDED);
                // Spring Boot still recognises the database behind the guard URL (from the connection's metadata)
                assertThat(EmbeddedDatabaseConnection.isEmbedded(first.getBean(DataSource.class))).isTrue();

                // Jean Coleman: 2 pets, 4 visits; the database's ON DELETE CASCADE removes them (7 rows: allowed)
                OwnerRepository owners = first.getBean(OwnerRepository.class);
                Integer coleman = owners.findByLastName("Coleman").orElseThrow().getId();
                owners.deleteById(coleman);

                assertThat(count(h2, "owners where id = " + coleman)).isZero();
                assertThat(count(h2, "pets where owner_id = " + coleman)).isZero();
                assertThat(counts(h2)).isEqualTo(
                        "vet_specialties=5 vets=6 specialties=3 visits=0 pets=11 types=6 owners=9");
            }

            // a second context on the same database (as a test suite with another configuration starts one):
            // schema.sql drops the 40 rows the first left (fewer than guard.confirmAbove) and re-seeds
            try (ConfigurableApplicationContext second = start(guardUrlWithScripts(h2, DATA))) {
                assertThat(counts(h2)).isEqualTo(SEEDED);
                assertThat(second.getBean(OwnerRepository.class).findByLastName("Coleman")).isPresent();
            }
        } finally {
            PetClinic.shutdownH2(h2);
        }
    }

    @Test
    void largeSeededSchemaStopsTheNextStartUntilAScopedAllowanceCoversIt() throws Exception {
        String h2 = PetClinic.newH2Url("large");
        String seeded = DATA + "," + KENNEL;
        try {
            try (ConfigurableApplicationContext first = start(guardUrlWithScripts(h2, seeded))) {
                assertThat(counts(h2)).isEqualTo(SEEDED_WITH_KENNEL);
            }

            // The next start's schema.sql would drop visits with its 1,204 rows: stopped, the context fails
            Throwable failure = catchThrowable(() -> start(guardUrlWithScripts(h2, seeded)).close());
            assertThat(failure).as("the second start").isNotNull();
            SQLException stop = findSqlState(failure, "XG001");
            assertThat((Object) stop).as("an XG001 in the cause chain of:\n  %s", chain(failure)).isNotNull();
            assertThat(stop.getMessage())
                    .contains("guard.confirmAbove")
                    .containsIgnoringCase("DROP TABLE visits IF EXISTS")
                    .contains("1,204");
            // every row of the stopped drop and of the drops after it is still there; schema.sql is not one
            // transaction, so the three vet tables its first (small, allowed) drops removed are gone
            assertThat(counts(h2)).isEqualTo("visits=1204 pets=413 types=6 owners=11");
            assertThat(existingTables(h2)).containsExactly("visits", "pets", "types", "owners");

            // The documented way for a suite that means to re-create a large seeded schema: start it inside a
            // scoped allowance; Spring runs schema.sql on the starting thread, where the scope is open
            PetClinic.execute(h2, "insert into owners (first_name, last_name) values ('Marker', 'Marker')");
            ConfigurableApplicationContext app;
            long spent;
            try (var scope = CascadeGuard.allow(5_000, "re-create the seeded test schema")) {
                app = start(guardUrlWithScripts(h2, seeded));
                spent = scope.rows() - scope.remaining();
            }
            try (app) {
                // the drops destroyed 1,204 + 413 + 6 + 12 rows (the vet tables were already gone)
                assertThat(spent).isEqualTo(1204 + 413 + 6 + 12);
                assertThat(counts(h2)).isEqualTo(SEEDED_WITH_KENNEL);
                assertThat(count(h2, "owners where last_name = 'Marker'")).as("re-created").isZero();

                // the scope is closed: the running application is guarded as before
                OwnerRepository owners = app.getBean(OwnerRepository.class);
                Integer kennel = owners.findByLastName("Kennel").orElseThrow().getId();

                // a repository delete whose database cascade takes 1 + 400 + 1,200 rows: stopped
                // (a JpaSystemException, caused by Hibernate's GenericJDBCException, caused by the guard's
                // ConfirmationRequiredException)
                Throwable stopped = catchThrowable(() -> owners.deleteById(kennel));
                assertThat(stopped).isInstanceOf(DataAccessException.class);
                SQLException deleteStop = findSqlState(stopped, "XG001");
                assertThat((Object) deleteStop).as("XG001 in the cause chain of:\n  %s", chain(stopped)).isNotNull();
                assertThat(deleteStop.getMessage()).contains("guard.confirmAbove").contains("1,601");
                assertThat(counts(h2)).isEqualTo(SEEDED_WITH_KENNEL);
                assertThat(queryLong(h2, "select count(*) from visits v join pets p on p.id = v.pet_id"
                        + " where p.owner_id = " + kennel)).isEqualTo(1200);

                // the same delete, meant: a scoped allowance on the calling thread covers it
                try (var meant = CascadeGuard.allow(1_601, "close the kennel's account")) {
                    owners.deleteById(kennel);
                }
                assertThat(counts(h2)).isEqualTo(SEEDED);
            }
        } finally {
            PetClinic.shutdownH2(h2);
        }
    }
}
