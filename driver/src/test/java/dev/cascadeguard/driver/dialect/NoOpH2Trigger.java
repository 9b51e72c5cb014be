package dev.cascadeguard.driver.dialect;

import org.h2.api.Trigger;

import java.sql.Connection;

/** H2 triggers are Java classes; this one only has to exist so the fixture can declare a delete trigger. */
public class NoOpH2Trigger implements Trigger {
    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) {
    }
}
