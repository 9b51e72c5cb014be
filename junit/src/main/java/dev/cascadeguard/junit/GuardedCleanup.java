package dev.cascadeguard.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Guards what each test method destroys: a cleanup budget ({@link dev.cascadeguard.driver.CascadeGuard#cleanupBudget})
 * is open on the test thread from the extension's {@code beforeEach} until after every {@code afterEach} callback
 * (Spring's {@code @Sql(executionPhase = AFTER_TEST_METHOD)} included). Within it, the test's setup, body and
 * cleanup may destroy up to {@link #maxRows()} rows through guarded connections — DELETE without WHERE and
 * TRUNCATE included; a statement that would destroy more than is left, or any row of a {@link #protect()} table,
 * is stopped with {@code XG002} before it runs, and the test fails with the guard's cascade tree.
 *
 * <p>Beside the class's annotation (and those of enclosing {@code @Nested} classes) and a registered
 * {@link CleanupGuard}: the protected tables are the <b>union</b> of all of their {@code protect} lists; every other
 * attribute is taken from the most specific place that configures it — the method, then the class (innermost
 * first), then the registered guard, then the default. An attribute left at its default value counts as not
 * configured (Java cannot tell {@code maxRows = 1000} written out from the default).
 *
 * <p>In a Spring test, put it <b>before</b> {@code @SpringBootTest}
 * (or {@code @ExtendWith(SpringExtension.class)}, {@code @JdbcTest}...): JUnit runs {@code beforeEach} callbacks in
 * registration order, and {@code @Sql(BEFORE_TEST_METHOD)} scripts run in Spring's.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(CleanupGuard.class)
public @interface GuardedCleanup {

    /** The most rows the test method (setup, body and cleanup on its thread) may destroy in all. */
    long maxRows() default 1000;

    /**
     * Tables no statement of the test may destroy a row of, whatever the budget (any case, optionally
     * schema-qualified); added to those of the class's annotation and of a registered guard, never replacing them.
     */
    String[] protect() default {"flyway_schema_history"};

    /** The Spring bean name of the DataSource to check; by default the only (or primary) DataSource bean. */
    String dataSource() default "";

    /** Cleans a database that does not look like a test database (a server not on a loopback address) anyway. */
    boolean anyDatabase() default false;

    /**
     * Fails the test when the guard stopped a statement on the test thread and the test did not fail on it, e.g.
     * because a tool caught the exception and went on (Database Rider logs "Could not clean database" as a warning).
     * Turn it off for a test that triggers a stop on purpose and catches it.
     */
    boolean failOnStopped() default true;
}
