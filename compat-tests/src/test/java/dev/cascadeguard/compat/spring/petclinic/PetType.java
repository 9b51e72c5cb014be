package dev.cascadeguard.compat.spring.petclinic;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "types")
public class PetType {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Integer id;
    private String name;

    protected PetType() {
    }

    public PetType(String name) {
        this.name = name;
    }

    public Integer getId() {
        return id;
    }
}
