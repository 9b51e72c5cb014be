package dev.cascadeguard.driver.intercept;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wrappers' pure delegation is generated at build time ({@code driver/src/build/GenerateDelegates.java} writes
 * the {@code Delegating*} classes); the hand-written wrappers override what the guard adds. Forgetting such an
 * override compiles fine and silently turns a guarded path into a delegate straight to the real driver. This test
 * makes that a failure: every JDBC method in the families below must, on the concrete wrapper, run code of a
 * hand-written class, never a generated delegate.
 *
 * <p>That the generated classes implement every interface method needs no test of its own: the wrappers are
 * non-abstract final classes, so javac refuses to compile them if a method were missing. The checks at the end only
 * make that visible (and catch a run on a newer JDK whose JDBC interfaces grew).
 */
class NoBypassTest {

    /** Each public wrapper and the JDBC interface it stands for. */
    static final Map<Class<?>, Class<?>> WRAPPERS = ordered(
            GuardedConnection.class, Connection.class,
            GuardedStatement.class, Statement.class,
            GuardedPreparedStatement.class, PreparedStatement.class,
            GuardedCallableStatement.class, CallableStatement.class,
            GuardedResultSet.class, ResultSet.class,
            GuardedDatabaseMetaData.class, DatabaseMetaData.class);

    static final Set<Class<?>> HAND_WRITTEN = Set.of(GuardedConnection.class, GuardedStatementBase.class,
            GuardedStatement.class, GuardedPreparedStatementBase.class, GuardedPreparedStatement.class,
            GuardedCallableStatement.class, GuardedResultSet.class, GuardedDatabaseMetaData.class);

    /** Each generated class, the interface it delegates, and the interface its superclass already covers. */
    static final Map<Class<?>, Class<?>[]> GENERATED = ordered(
            DelegatingConnection.class, new Class<?>[] {Connection.class, null},
            DelegatingStatement.class, new Class<?>[] {Statement.class, null},
            DelegatingPreparedStatement.class, new Class<?>[] {PreparedStatement.class, Statement.class},
            DelegatingCallableStatement.class, new Class<?>[] {CallableStatement.class, PreparedStatement.class},
            DelegatingResultSet.class, new Class<?>[] {ResultSet.class, null},
            DelegatingDatabaseMetaData.class, new Class<?>[] {DatabaseMetaData.class, null});

    /**
     * A family of JDBC methods that must stay hand-written.
     *
     * @param matches given the wrapper's interface and one of its methods
     * @param why     what goes wrong if it became a generated delegate
     */
    record Family(String name, BiPredicate<Class<?>, Method> matches, String why) {
    }

    static BiPredicate<Class<?>, Method> named(String... names) {
        Set<String> set = Set.of(names);
        return (iface, m) -> set.contains(m.getName());
    }

    static final List<Family> FAMILIES = List.of(
            new Family("execute*", (iface, m) -> m.getName().startsWith("execute"),
                    "runs SQL: execute, executeQuery (PostgreSQL's DELETE ... RETURNING comes this way),"
                            + " executeUpdate, executeLargeUpdate, executeBatch, executeLargeBatch; a delegate runs"
                            + " a DELETE unchecked"),
            new Family("addBatch / clearBatch", named("addBatch", "clearBatch"),
                    "build what executeBatch runs; the wrapper records every entry so the batch is checked as a"
                            + " whole, and a delegated addBatch puts SQL in the real batch that the check never sees;"
                            + " clearBatch keeps the record and the real batch in step"),
            new Family("prepare*", (iface, m) -> m.getName().startsWith("prepare"),
                    "prepareStatement / prepareCall: the guard sees the SQL when it is prepared (that decides"
                            + " whether executions are checked at all), and the statement handed out must be the"
                            + " guarded wrapper"),
            new Family("createStatement", named("createStatement"),
                    "hands out a statement: a raw one would run anything unchecked"),
            new Family("nativeSQL", named("nativeSQL"),
                    "takes SQL; it runs none, but every method that takes SQL is a decision of the wrapper"),
            new Family("deleteRow / updateRow / insertRow", named("deleteRow", "updateRow", "insertRow"),
                    "change rows through an updatable result set; deleteRow cascades exactly like a DELETE"),
            new Family("getConnection / getStatement", named("getConnection", "getStatement"),
                    "lead back from a statement, result set or metadata; a raw connection or statement"
                            + " runs anything unchecked"),
            new Family("getResultSet / getGeneratedKeys", named("getResultSet", "getGeneratedKeys"),
                    "hand out a result set, whose getStatement() and deleteRow() must be the guarded ones; for a"
                            + " command the guard consumed there is no real result to hand out"),
            new Family("getMetaData", named("getMetaData"),
                    "hands out metadata: DatabaseMetaData.getConnection() must lead back to the guarded"
                            + " connection (ResultSetMetaData reaches nothing, but is decided by hand all the same)"),
            new Family("unwrap / isWrapperFor", named("unwrap", "isWrapperFor"),
                    "unwrap hands out the real driver's object on request; the wrapper must offer itself first, so"
                            + " unwrap(Connection.class) or unwrap(Statement.class) stays guarded"),
            new Family("update counts and more results", named("getUpdateCount", "getLargeUpdateCount", "getMoreResults"),
                    "after a command the guard consumed, the real statement has no results: these must report the"
                            + " consumed command's, not the real driver's"),
            new Family("positional parameters",
                    (iface, m) -> m.getDeclaringClass() == PreparedStatement.class
                            && (m.getName().equals("clearParameters")
                            || m.getName().startsWith("set") && m.getParameterCount() > 0
                            && m.getParameterTypes()[0] == int.class),
                    "the values the guard binds to its counting query; a delegated setter makes the guard count"
                            + " with a stale or missing value and decide on the wrong rows"),
            new Family("connection life and transactions",
                    (iface, m) -> iface == Connection.class
                            && (Set.of("close", "abort", "isClosed", "commit", "setAutoCommit", "clearWarnings")
                            .contains(m.getName()) || m.getName().equals("rollback") && m.getParameterCount() == 0),
                    "the guard's session state: dropped on close/abort (a pool's clearWarnings withdraws an"
                            + " override), and DDL becomes visible when a transaction ends"));

    @Test
    void everyGuardedFamilyRunsHandWrittenCode() {
        SoftAssertions softly = new SoftAssertions();
        WRAPPERS.forEach((wrapper, iface) -> {
            for (Method m : iface.getMethods()) {
                for (Family family : FAMILIES) {
                    if (family.matches().test(iface, m)) {
                        Class<?> runs = implementation(wrapper, m);
                        softly.assertThat(runs)
                                .as("%s.%s (family %s: %s)", wrapper.getSimpleName(), signature(m), family.name(),
                                        family.why())
                                .isIn(HAND_WRITTEN);
                    }
                }
            }
        });
        softly.assertAll();
    }

    /** A family that matches nothing (a typo, a renamed method) would pass silently. */
    @Test
    void everyFamilyMatchesSomeMethod() {
        for (Family family : FAMILIES) {
            boolean matched = WRAPPERS.entrySet().stream().anyMatch(e ->
                    Arrays.stream(e.getValue().getMethods()).anyMatch(m -> family.matches().test(e.getValue(), m)));
            assertThat(matched).as("family %s matches no JDBC method", family.name()).isTrue();
        }
    }

    /** The check above can tell the two apart: plain getters do resolve to the generated delegates. */
    @Test
    void theCheckSeesGeneratedDelegates() throws Exception {
        assertThat(implementation(GuardedConnection.class, Connection.class.getMethod("getAutoCommit")))
                .isEqualTo(DelegatingConnection.class);
        assertThat(implementation(GuardedStatement.class, Statement.class.getMethod("getFetchSize")))
                .isEqualTo(DelegatingStatement.class);
        assertThat(implementation(GuardedPreparedStatement.class,
                PreparedStatement.class.getMethod("getParameterMetaData")))
                .isEqualTo(DelegatingPreparedStatement.class);
        assertThat(implementation(GuardedCallableStatement.class,
                CallableStatement.class.getMethod("getString", String.class)))
                .isEqualTo(DelegatingCallableStatement.class);
        assertThat(implementation(GuardedResultSet.class, ResultSet.class.getMethod("getInt", int.class)))
                .isEqualTo(DelegatingResultSet.class);
        assertThat(implementation(GuardedDatabaseMetaData.class, DatabaseMetaData.class.getMethod("getURL")))
                .isEqualTo(DelegatingDatabaseMetaData.class);
    }

    /**
     * Already proven by compilation (the wrappers are non-abstract and final); checked here so that it shows, and
     * for a run on a JDK whose JDBC interfaces have more methods than the one the classes were generated from.
     */
    @Test
    void theGeneratedClassesCoverEveryInterfaceMethod() {
        SoftAssertions softly = new SoftAssertions();
        GENERATED.forEach((generated, ifaces) -> {
            Set<String> covered = ifaces[1] == null ? Set.of()
                    : Arrays.stream(ifaces[1].getMethods()).map(NoBypassTest::signature).collect(Collectors.toSet());
            for (Method m : ifaces[0].getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || covered.contains(signature(m))) {
                    continue;
                }
                Method declared = declared(generated, m);
                softly.assertThat(declared).as("%s delegates %s", generated.getSimpleName(), signature(m)).isNotNull();
                if (declared != null) {
                    softly.assertThat(Modifier.isAbstract(declared.getModifiers())).as(signature(m)).isFalse();
                }
            }
        });
        WRAPPERS.forEach((wrapper, iface) -> {
            softly.assertThat(Modifier.isFinal(wrapper.getModifiers())).as("%s is final", wrapper).isTrue();
            softly.assertThat(Modifier.isAbstract(wrapper.getModifiers())).as("%s is abstract", wrapper).isFalse();
            for (Method m : iface.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    softly.assertThat(implementation(wrapper, m)).as("%s.%s", wrapper.getSimpleName(), signature(m))
                            .isIn(union(HAND_WRITTEN, GENERATED.keySet()));
                }
            }
        });
        softly.assertAll();
    }

    // ---- resolution

    /**
     * The class whose code runs when {@code m} is called on an instance of {@code wrapper}: the declaring class of
     * {@code wrapper.getMethod(...)}, except that javac gives a public class a synthetic "access bridge" for every
     * public method it inherits from a package-private class (GuardedStatementBase, the Delegating* classes). A
     * bridge only calls super, so it is followed up the superclasses to the method that does the work; otherwise
     * every inherited delegate would look as if the wrapper declared it.
     */
    static Class<?> implementation(Class<?> wrapper, Method m) {
        Method found;
        try {
            found = wrapper.getMethod(m.getName(), m.getParameterTypes());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(wrapper + " has no " + signature(m), e);
        }
        Class<?> c = found.getDeclaringClass();
        while (found.isBridge() || found.isSynthetic()) {
            c = c.getSuperclass();
            found = declared(c, m);
            if (found == null) {
                throw new AssertionError("no implementation of " + signature(m) + " above a bridge in " + wrapper);
            }
            c = found.getDeclaringClass();
        }
        return Modifier.isAbstract(found.getModifiers()) ? null : c;
    }

    /** The nearest declaration of {@code m} in {@code c} or its superclasses, null for none. */
    static Method declared(Class<?> c, Method m) {
        for (; c != null; c = c.getSuperclass()) {
            try {
                Method d = c.getDeclaredMethod(m.getName(), m.getParameterTypes());
                if (!d.isBridge() && !d.isSynthetic()) {
                    return d;
                }
            } catch (NoSuchMethodException ignored) {
                // keep looking upwards
            }
        }
        return null;
    }

    static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    @SuppressWarnings("unchecked")
    static <K, V> Map<K, V> ordered(Object... keysAndValues) {
        Map<K, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((K) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return map;
    }

    static Set<Class<?>> union(Set<Class<?>> a, Set<Class<?>> b) {
        List<Class<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
