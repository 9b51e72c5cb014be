package dev.cascadeguard.examples.spring;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.rules.GuardReport;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Closing a customer's account: the two-phase delete, the JPA way. */
@Service
public class CustomerService {

    private final CustomerRepository customers;
    private final DataSource dataSource;

    public CustomerService(CustomerRepository customers, DataSource dataSource) {
        this.customers = customers;
        this.dataSource = dataSource;
    }

    /** Phase 1: what {@code customers.delete(customer)} would destroy, cascades included. Changes nothing. */
    public GuardReport previewDelete(Customer customer, String deleteSql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.unwrap(GuardConnection.class).preview(deleteSql, customer.getId());
        }
    }

    /**
     * Phase 2: the same delete, allowed for the rows the user confirmed. The flush runs the DELETE while the
     * allowance is open; should more rows have appeared since the preview, it is stopped again.
     */
    @Transactional
    public void deleteConfirmed(Customer customer, long confirmedRows, String reason) {
        try (var allowance = CascadeGuard.allow(confirmedRows, reason)) {
            customers.delete(customers.findById(customer.getId()).orElseThrow());
            customers.flush();
        }
    }
}
