package dev.cascadeguard.compat.spring.petclinic;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.Optional;

public interface OwnerRepository extends JpaRepository<Owner, Integer> {

    Optional<Owner> findByLastName(String lastName);
}
