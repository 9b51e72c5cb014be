package dev.cascadeguard.benchmarks.anchors;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cascadeguard.driver.GuardDataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What stands between the application and the database in each row of the anchor benchmarks, always behind a
 * HikariCP pool (as in a Spring Boot application):
 * <ul>
 *   <li>{@code raw}: the pool on the real driver</li>
 *   <li>{@code guard}: the pool on {@code jdbc:guard:} (the pool keeps guarded connections)</li>
 *   <li>{@code guard-ds}: {@code new GuardDataSource(pool)}, as the Spring Boot starter wires it (each borrowed
 *       connection is wrapped anew)</li>
 *   <li>{@code p6spy-off}: the pool on {@code jdbc:p6spy:} with {@code modulelist=com.p6spy.engine.spy.P6SpyFactory}:
 *       p6spy's wrappers with its logging and outage modules not loaded</li>
 *   <li>{@code p6spy-file}: the pool on {@code jdbc:p6spy:} with p6spy's defaults (logging module, FileLogger,
 *       SingleLineFormat); only the log file is moved to a temporary directory, deleted at the end</li>
 *   <li>{@code dsproxy-none}: datasource-proxy's {@code ProxyDataSourceBuilder.create(pool).build()}, no listener</li>
 *   <li>{@code dsproxy-noop}: the same with a {@code QueryExecutionListener} whose methods do nothing</li>
 * </ul>
 * p6spy reads its options once per JVM; JMH runs every parameter combination in a JVM of its own, so each trial
 * can set them as system properties before the first {@code jdbc:p6spy:} connection.
 */
public final class Anchor implements AutoCloseable {

    public static final String ALL = "raw,guard,guard-ds,p6spy-off,p6spy-file,dsproxy-none,dsproxy-noop";

    private final HikariDataSource pool;
    private final javax.sql.DataSource dataSource;
    private final Path p6spyDirectory;

    private Anchor(HikariDataSource pool, javax.sql.DataSource dataSource, Path p6spyDirectory) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.p6spyDirectory = p6spyDirectory;
    }

    public static Anchor open(String impl, BenchDatabase database, int poolSize) {
        Path p6spyDirectory = impl.startsWith("p6spy") ? configureP6spy(impl) : null;
        String url = switch (impl) {
            case "guard" -> database.url("guard");
            case "p6spy-off", "p6spy-file" -> database.url("p6spy");
            case "raw", "guard-ds", "dsproxy-none", "dsproxy-noop" -> database.url();
            default -> throw new IllegalArgumentException("unknown impl " + impl + "; one of " + ALL);
        };
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("bench-" + impl);
        HikariDataSource pool = new HikariDataSource(config);
        javax.sql.DataSource outer = switch (impl) {
            case "guard-ds" -> new GuardDataSource(pool);
            case "dsproxy-none" -> ProxyDataSourceBuilder.create(pool).name("bench").build();
            case "dsproxy-noop" -> ProxyDataSourceBuilder.create(pool).name("bench").listener(new NoOpListener()).build();
            default -> pool;
        };
        return new Anchor(pool, outer, p6spyDirectory);
    }

    private static Path configureP6spy(String impl) {
        try {
            Path directory = Files.createTempDirectory("cg-bench-p6spy");
            System.setProperty("p6spy.config.logfile", directory.resolve("spy.log").toString());
            if (impl.equals("p6spy-off")) {
                System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        pool.close();
        if (p6spyDirectory != null) {
            try (var files = Files.list(p6spyDirectory)) {
                for (Path file : files.toList()) {
                    System.out.printf("%n%s: %,d bytes of p6spy log%n", file.getFileName(), Files.size(file));
                    Files.delete(file);
                }
            }
            Files.delete(p6spyDirectory);
        }
    }

    /** datasource-proxy's listener seam with nothing behind it: the cost of the seam itself. */
    private static final class NoOpListener implements QueryExecutionListener {
        @Override
        public void beforeQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
            // nothing: measures the listener call, not a listener's work
        }

        @Override
        public void afterQuery(ExecutionInfo execInfo, List<QueryInfo> queryInfoList) {
            // nothing
        }
    }
}
