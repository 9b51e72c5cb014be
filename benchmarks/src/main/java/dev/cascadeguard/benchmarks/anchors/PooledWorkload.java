package dev.cascadeguard.benchmarks.anchors;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

import javax.sql.DataSource;

/**
 * What the pooled benchmarks share for one trial: a private database with the {@link Workload} tables and the
 * {@link Anchor} under test in front of its pool. Subclasses declare the {@code impl} and {@code db} parameters
 * (each with its own values) and call {@link #open} from their trial set-up.
 */
abstract class PooledWorkload {

    private BenchDatabase database;
    private Anchor anchor;

    void open(String impl, String db, int poolSize) throws Exception {
        database = BenchDatabase.create(db);
        Workload.createSchema(database);
        anchor = Anchor.open(impl, database, poolSize);
    }

    @TearDown(Level.Trial)
    public void closePool() throws Exception {
        anchor.close();
        database.close();
    }

    DataSource dataSource() {
        return anchor.dataSource();
    }
}
