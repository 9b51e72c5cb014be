package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.H2Dialect;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The driver's per-database registry: one guard per database while in use, and no unbounded growth. */
class SharedDatabasesTest {

    private final AtomicInteger made = new AtomicInteger();

    private SharedDatabases.Factory factory() {
        return () -> {
            made.incrementAndGet();
            return new H2Dialect(false);
        };
    }

    @Test
    void oneGuardPerDatabaseWhileAConnectionHoldsIt() throws SQLException {
        SharedDatabases guards = new SharedDatabases(0);
        SharedDatabase held = guards.get("a", factory());
        System.gc();
        assertThat(guards.get("a", factory())).isSameAs(held);
        assertThat(guards.get("b", factory())).isNotSameAs(held);
        assertThat(made).hasValue(2);
    }

    @Test
    void guardsNoConnectionHoldsAreReleasedBeyondTheRecentOnes() throws Exception {
        SharedDatabases guards = new SharedDatabases(2);
        for (int i = 0; i < 50; i++) {
            guards.get("db" + i, factory());
        }
        SharedDatabase recent = guards.get("db49", factory());
        assertThat(made).as("the most recent is still held").hasValue(50);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (guards.size() > 2 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(guards.size()).as("only the recently connected databases stay").isEqualTo(2);
        assertThat(guards.get("db49", factory())).isSameAs(recent);
        guards.get("db0", factory());
        assertThat(made).as("a released database is made again on its next connection").hasValue(51);
    }
}
