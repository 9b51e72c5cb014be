package dev.cascadeguard.spring.boot.app;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.rules.GuardReport;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The two-phase delete, the JPA way: preview what the DELETE would destroy, then run it for exactly that many rows. */
@Service
public class CustomerService {

    /** The statement Hibernate runs for {@code customers.delete(customer)}. */
    public static final String DELETE_SQL = "delete from customers where id = ?";

    private final CustomerRepository customers;
    private final DataSource dataSource;

    public CustomerService(CustomerRepository customers, DataSource dataSource) {
        this.customers = customers;
        this.dataSource = dataSource;
    }

    /** Phase 1: counts the rows the delete would destroy, cascades included. Changes nothing. */
    public GuardReport previewDelete(long customerId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.unwrap(GuardConnection.class).preview(DELETE_SQL, customerId);
        }
    }

    /**
     * Phase 2: the delete, allowed for the rows the user confirmed. The flush runs the DELETE while the allowance is
     * open (left to the commit, it would run after the scope closed, and be stopped). Had more rows appeared since
     * the preview, it is stopped again.
     */
    @Transactional
    public void deleteConfirmed(long customerId, long confirmedRows, String reason) {
        try (var allowance = CascadeGuard.allow(confirmedRows, reason)) {
            customers.delete(customers.findById(customerId).orElseThrow());
            customers.flush();
        }
    }
}
