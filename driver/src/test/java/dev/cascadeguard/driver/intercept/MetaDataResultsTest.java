package dev.cascadeguard.driver.intercept;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every result set the guarded metadata hands out is wrapped: the real driver's catalog result set would lead, by
 * {@code getStatement().getConnection()}, to an unguarded connection. Every {@link DatabaseMetaData} method that
 * returns a result set is called on H2 (with null names), and what comes back is checked.
 */
class MetaDataResultsTest {

    @Test
    void everyCatalogResultSetIsWrappedAndLeadsToNoRealStatement() throws Exception {
        List<String> checked = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:guard:h2:mem:metadata_results")) {
            DatabaseMetaData meta = c.getMetaData();
            for (Method m : DatabaseMetaData.class.getMethods()) {
                if (m.getReturnType() != ResultSet.class) {
                    continue;
                }
                ResultSet rows;
                try {
                    rows = (ResultSet) m.invoke(meta, arguments(m));
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof SQLException) {
                        continue; // not supported by H2 with these arguments
                    }
                    throw e;
                }
                if (rows == null) {
                    continue;
                }
                try (rows) {
                    assertThat(rows).as(m.getName()).isInstanceOf(GuardedResultSet.class);
                    assertThat(rows.getStatement()).as(m.getName()).isNull();
                }
                checked.add(m.getName());
            }
        }
        assertThat(checked).contains("getTables", "getColumns", "getTypeInfo", "getSchemas", "getCatalogs",
                "getProcedures", "getTablePrivileges").hasSizeGreaterThan(10);
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == int.class ? (Object) 0 : types[i] == boolean.class ? (Object) false
                    : types[i] == short.class ? (Object) (short) 0 : null;
        }
        return args;
    }
}
