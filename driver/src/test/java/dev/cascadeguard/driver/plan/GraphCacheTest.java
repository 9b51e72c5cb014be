package dev.cascadeguard.driver.plan;

import dev.cascadeguard.driver.dialect.H2Dialect;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The graph cache against a real H2 catalog: one load for concurrent first users, reloads when told. */
class GraphCacheTest {

    private static final int THREADS = 16;

    @Test
    void concurrentFirstUsersWaitForOneLoadAndInvalidationReloads() throws Exception {
        String url = "jdbc:h2:mem:graphcache_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            connections.add(DriverManager.getConnection(url));
        }
        try (Statement s = connections.get(0).createStatement()) {
            s.execute("create table p (id int primary key)");
            s.execute("create table c (id int primary key, p_id int references p on delete cascade)");
        }
        AtomicInteger loads = new AtomicInteger();
        H2Dialect dialect = new H2Dialect(false);
        GraphCache cache = new GraphCache(c -> {
            loads.incrementAndGet();
            return dialect.loadGraph(c);
        });
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<FkGraph>> graphs = new ArrayList<>();
            for (Connection c : connections) {
                graphs.add(pool.submit(() -> {
                    start.await();
                    return cache.get(c, 300);
                }));
            }
            start.countDown();
            FkGraph first = graphs.get(0).get();
            for (Future<FkGraph> g : graphs) {
                assertThat(g.get()).isSameAs(first);
            }
            assertThat(loads).hasValue(1);
            assertThat(first.foreignKeyCount()).isEqualTo(1);

            try (Statement s = connections.get(0).createStatement()) {
                s.execute("create table d (id int primary key, c_id int references c on delete set null)");
            }
            assertThat(cache.get(connections.get(1), 300).foreignKeyCount()).as("still cached").isEqualTo(1);
            cache.invalidate();
            assertThat(cache.get(connections.get(2), 300).foreignKeyCount()).isEqualTo(2);
            assertThat(loads).hasValue(2);
        } finally {
            pool.shutdownNow();
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    /**
     * Each caller's time to live is honoured, not the first caller's: a connection with
     * guard.metadataTtlSeconds=0 reads the catalog every time even though the graph was first loaded for one with
     * 300, and the graph it reloads serves the 300-second callers too.
     */
    @Test
    void eachLookupHonoursItsOwnTimeToLive() throws Exception {
        String url = "jdbc:h2:mem:graphcache_ttl_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("create table p (id int primary key)");
            AtomicInteger loads = new AtomicInteger();
            H2Dialect dialect = new H2Dialect(false);
            GraphCache cache = new GraphCache(connection -> {
                loads.incrementAndGet();
                return dialect.loadGraph(connection);
            });
            assertThat(cache.get(c, 300).foreignKeyCount()).isZero();
            assertThat(cache.get(c, 300).foreignKeyCount()).isZero();
            assertThat(loads).as("cached for the 300-second caller").hasValue(1);

            s.execute("create table c (id int primary key, p_id int references p on delete cascade)");
            assertThat(cache.get(c, 0).foreignKeyCount()).as("a 0-second caller reads the catalog").isEqualTo(1);
            assertThat(cache.get(c, 0).foreignKeyCount()).isEqualTo(1);
            assertThat(loads).hasValue(3);
            assertThat(cache.get(c, 300).foreignKeyCount()).as("and its reload serves the others").isEqualTo(1);
            assertThat(loads).hasValue(3);
        }
    }
}
