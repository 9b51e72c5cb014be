package dev.cascadeguard.compat.spring.petclinic;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring PetClinic-like application for the Spring Boot compatibility tests: owners 1-n pets 1-n visits
 * (deleted by the database's {@code ON DELETE CASCADE}, never by JPA cascading) and vets n-m specialties.
 * Component and entity scanning cover this package only; the tests start it with {@code SpringApplicationBuilder}.
 */
@SpringBootApplication
public class PetClinicApp {
}
