package dev.cascadeguard.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Data JPA shop: customers 1-n orders 1-n order lines, deleted by the database's ON DELETE CASCADE
 * (Hibernate writes it into the DDL from {@code @OnDelete}), never by JPA cascading. Nothing in it names the guard:
 * the starter on the class path is all.
 */
@SpringBootApplication
public class ShopApp {
}
