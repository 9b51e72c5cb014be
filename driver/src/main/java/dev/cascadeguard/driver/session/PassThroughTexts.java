package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.DestructiveCode;
import dev.cascadeguard.driver.plan.FkGraph;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL texts that {@code prepare} let through untouched (no destructive word, no stored code they run, no key
 * update) against one graph and one code catalog of a database, shared by all its connections: an application without
 * a statement cache, or one that borrows a new guarded connection from a pool for every request (GuardDataSource over
 * HikariCP, as the Spring Boot starter wires it), prepares the same few texts again and again, and each screen reads
 * the whole text. A new graph or catalog starts an empty set; so does a full one (a flood of distinct texts).
 */
final class PassThroughTexts {

    private static final int MAX_TEXTS = 4096;

    private record Known(FkGraph graph, DestructiveCode code, Map<String, Boolean> texts) {
    }

    private volatile Known known = new Known(null, null, Map.of());

    /** True when {@code sql} was let through against these same catalogs. */
    boolean contains(String sql, FkGraph graph, DestructiveCode code) {
        Known k = known;
        return k.graph() == graph && k.code() == code && graph != null && k.texts().containsKey(sql);
    }

    /** {@code sql} passed every screen against {@code graph} and {@code code}, read before it was screened. */
    void add(String sql, FkGraph graph, DestructiveCode code) {
        if (graph == null || code == null) {
            return;
        }
        Known k = known;
        if (k.graph() != graph || k.code() != code || k.texts().size() >= MAX_TEXTS) {
            k = new Known(graph, code, new ConcurrentHashMap<>());
            known = k; // a race with another connection only costs a screen more
        }
        k.texts().put(sql, Boolean.TRUE);
    }
}
