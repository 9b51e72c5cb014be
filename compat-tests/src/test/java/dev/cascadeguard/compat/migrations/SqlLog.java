package dev.cascadeguard.compat.migrations;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A DataSource between the guard and the real one that writes down every SQL text the guard passes on: what a tool
 * really sent (and the guard let through). For diagnosis: {@code new GuardDataSource(SqlLog.wrap(real, log))}.
 */
final class SqlLog {

    final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    DataSource wrap(DataSource real) {
        return proxy(DataSource.class, real);
    }

    private <T> T proxy(Class<T> type, Object target) {
        InvocationHandler handler = (p, method, args) -> {
            String name = method.getName();
            if (args != null && args.length > 0 && args[0] instanceof String sql
                    && (name.startsWith("execute") || name.equals("addBatch") || name.startsWith("prepare"))) {
                statements.add(sql.strip().replaceAll("\\s+", " "));
            }
            if (name.equals("unwrap") && args[0] instanceof Class<?> c && c.isInstance(target)) {
                return target;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Connection c && method.getReturnType() == Connection.class) {
                return proxy(Connection.class, c);
            }
            if (result instanceof PreparedStatement s && method.getReturnType() == PreparedStatement.class) {
                return proxy(PreparedStatement.class, s);
            }
            if (result instanceof Statement s && method.getReturnType() == Statement.class) {
                return proxy(Statement.class, s);
            }
            return result;
        };
        return type.cast(Proxy.newProxyInstance(SqlLog.class.getClassLoader(), new Class<?>[]{type}, handler));
    }

    String dump() {
        StringBuilder sb = new StringBuilder();
        synchronized (statements) {
            statements.forEach(s -> sb.append("\n  [sql] ").append(s));
        }
        return sb.toString();
    }
}
