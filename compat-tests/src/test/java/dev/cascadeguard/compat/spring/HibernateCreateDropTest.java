package dev.cascadeguard.compat.spring;

import dev.cascadeguard.compat.spring.petclinic.Owner;
import dev.cascadeguard.compat.spring.petclinic.OwnerRepository;
import dev.cascadeguard.compat.spring.petclinic.Pet;
import dev.cascadeguard.compat.spring.petclinic.PetRepository;
import dev.cascadeguard.compat.spring.petclinic.PetType;
import dev.cascadeguard.compat.spring.petclinic.PetTypeRepository;
import dev.cascadeguard.compat.spring.petclinic.Specialty;
import dev.cascadeguard.compat.spring.petclinic.SpecialtyRepository;
import dev.cascadeguard.compat.spring.petclinic.Vet;
import dev.cascadeguard.compat.spring.petclinic.VetRepository;
import dev.cascadeguard.compat.spring.petclinic.Visit;
import dev.cascadeguard.compat.spring.petclinic.VisitRepository;
import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.cascadeguard.compat.spring.PetClinic.counts;
import static dev.cascadeguard.compat.spring.PetClinic.existingTables;
import static dev.cascadeguard.compat.spring.PetClinic.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate's {@code spring.jpa.hibernate.ddl-auto=create-drop} through the guard URL, default guard settings: its
 * {@code drop table if exists … cascade} at start (over whatever an earlier context left) and at close run.
 */
class HibernateCreateDropTest {

    @Test
    void h2CreateDropTwiceInARow() throws Exception {
        String h2 = PetClinic.newH2Url("createdrop");
        try {
            createSaveDeleteClose(h2);
            createSaveDeleteClose(h2);
        } finally {
            PetClinic.shutdownH2(h2);
        }
    }

    @Test
    void h2SecondContextDropsTheTablesTheFirstIsUsing() throws Exception {
        String h2 = PetClinic.newH2Url("createdrop2");
        try {
            secondContextOverTheFirst(h2);
        } finally {
            PetClinic.shutdownH2(h2);
        }
    }

    @Test
    void postgresCreateDropTwiceInARow() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            createSaveDeleteClose(db.jdbcUrl());
            createSaveDeleteClose(db.jdbcUrl());
        }
    }

    @Test
    void postgresSecondContextDropsTheTablesTheFirstIsUsing() throws Exception {
        try (TestDb db = TestDatabase.POSTGRES.create()) {
            secondContextOverTheFirst(db.jdbcUrl());
        }
    }

    /** Start (create), save, delete an owner (the database cascades), close (drop): no warning, no table left. */
    private static void createSaveDeleteClose(String jdbcUrl) throws Exception {
        ConfigurableApplicationContext app = startCreateDrop(jdbcUrl);
        try {
            assertThat(existingTables(jdbcUrl)).containsExactlyInAnyOrderElementsOf(PetClinic.TABLES);
            saveAndDelete(app, jdbcUrl);
        } catch (Throwable e) {
            app.close();
            throw e;
        }
        closeCleanly(app, jdbcUrl);
    }

    /**
     * As a test suite with two cached contexts: the second one's create drops the tables, with their rows, that
     * the first one made and still uses; then both close.
     */
    private static void secondContextOverTheFirst(String jdbcUrl) throws Exception {
        try (ConfigurableApplicationContext first = startCreateDrop(jdbcUrl)) {
            saveAndDelete(first, jdbcUrl);
            ConfigurableApplicationContext second = startCreateDrop(jdbcUrl);
            try {
                assertThat(counts(jdbcUrl)).as("the second create dropped the first context's rows").isEqualTo(
                        "vet_specialties=0 vets=0 specialties=0 visits=0 pets=0 types=0 owners=0");
                saveAndDelete(second, jdbcUrl);
            } catch (Throwable e) {
                second.close();
                throw e;
            }
            closeCleanly(second, jdbcUrl);
            // the first context's drop at close now finds no tables: drop table if exists runs
            try (PetClinic.Warnings warnings = new PetClinic.Warnings()) {
                first.close();
                assertThat(warnings.list()).isEmpty();
            }
        }
    }

    private static ConfigurableApplicationContext startCreateDrop(String jdbcUrl) {
        return start(
                "spring.datasource.url=" + PetClinic.guard(jdbcUrl),
                "spring.datasource.driver-class-name=dev.cascadeguard.driver.GuardDriver",
                jdbcUrl.startsWith("jdbc:h2:") ? "spring.datasource.username=sa" : "spring.datasource.username=",
                "spring.sql.init.mode=never",
                "spring.jpa.hibernate.ddl-auto=create-drop",
                // a DDL statement that fails at start fails the start instead of being logged
                "spring.jpa.properties.hibernate.hbm2ddl.halt_on_error=true");
    }

    /** Saves a vet with two specialties and two owners with 3 pets of 2 visits each; deletes one owner. */
    private static void saveAndDelete(ConfigurableApplicationContext app, String jdbcUrl) throws Exception {
        SpecialtyRepository specialties = app.getBean(SpecialtyRepository.class);
        Vet vet = new Vet("James", "Carter");
        vet.getSpecialties().add(specialties.save(new Specialty("radiology")));
        vet.getSpecialties().add(specialties.save(new Specialty("surgery")));
        app.getBean(VetRepository.class).save(vet);

        PetType dog = app.getBean(PetTypeRepository.class).save(new PetType("dog"));
        OwnerRepository owners = app.getBean(OwnerRepository.class);
        PetRepository pets = app.getBean(PetRepository.class);
        VisitRepository visits = app.getBean(VisitRepository.class);
        Owner franklin = owners.save(new Owner("George", "Franklin", "Madison"));
        Owner davis = owners.save(new Owner("Betty", "Davis", "Sun Prairie"));
        for (Owner owner : new Owner[] {franklin, davis}) {
            for (int p = 1; p <= 3; p++) {
                Pet pet = pets.save(new Pet("pet " + p, dog, owner));
                visits.save(new Visit(pet, "checkup"));
                visits.save(new Visit(pet, "shots"));
            }
        }
        assertThat(counts(jdbcUrl))
                .isEqualTo("vet_specialties=2 vets=1 specialties=2 visits=12 pets=6 types=1 owners=2");

        owners.deleteById(franklin.getId());   // 1 + 3 + 6 rows: the database's ON DELETE CASCADE (@OnDelete)
        assertThat(counts(jdbcUrl))
                .isEqualTo("vet_specialties=2 vets=1 specialties=2 visits=6 pets=3 types=1 owners=1");
    }

    /** Closes the context (Hibernate drops the schema) and checks that nothing was logged and no table is left. */
    private static void closeCleanly(ConfigurableApplicationContext app, String jdbcUrl) throws Exception {
        try (PetClinic.Warnings warnings = new PetClinic.Warnings()) {
            app.close();
            assertThat(warnings.list()).as("warnings and errors while closing").isEmpty();
        }
        assertThat(existingTables(jdbcUrl)).as("tables left after create-drop's drop").isEmpty();
    }
}
