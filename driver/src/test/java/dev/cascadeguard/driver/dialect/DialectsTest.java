package dev.cascadeguard.driver.dialect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Dialects are found among the DialectProvider services, not listed: the highest priority wins, GenericDialect last. */
class DialectsTest {

    /** A third party's dialect for H2, which outranks the built-in one. */
    public static final class PreferredH2 implements DialectProvider {
        static final Dialect DIALECT = new H2Dialect(true);

        @Override
        public boolean handles(DatabaseMetaData metaData) throws SQLException {
            return "H2".equals(metaData.getDatabaseProductName());
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public Dialect create(DatabaseMetaData metaData) {
            return DIALECT;
        }
    }

    private static DatabaseMetaData product(String name) {
        return (DatabaseMetaData) Proxy.newProxyInstance(DialectsTest.class.getClassLoader(),
                new Class<?>[]{DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> name;
                    case "getIdentifierQuoteString" -> "\"";
                    case "storesUpperCaseIdentifiers", "storesLowerCaseIdentifiers" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theBuiltInProvidersAreServices() throws SQLException {
        assertThat(Dialects.providers()).extracting(p -> p.getClass().getName()).contains(
                H2Dialect.Provider.class.getName(), MariaDbDialect.Provider.class.getName(),
                PostgresDialect.Provider.class.getName(), SqliteDialect.Provider.class.getName());
        assertThat(Dialects.detect(product("PostgreSQL"))).isInstanceOf(PostgresDialect.class);
        assertThat(Dialects.detect(product("MySQL"))).isInstanceOf(MariaDbDialect.class);
        assertThat(Dialects.detect(product("SQLite"))).isInstanceOf(SqliteDialect.class);
        Dialect other = Dialects.detect(product("Apache Derby"));
        assertThat(other).isInstanceOf(GenericDialect.class);
        assertThat(other.name()).isEqualTo("Apache Derby");
    }

    @Test
    void aProviderOnTheContextClassLoaderWithAHigherPriorityWins(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(DialectProvider.class.getName()), PreferredH2.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, previous)) {
            thread.setContextClassLoader(loader);
            assertThat(Dialects.detect(product("H2"))).isSameAs(PreferredH2.DIALECT);
            assertThat(Dialects.detect(product("PostgreSQL"))).isInstanceOf(PostgresDialect.class);
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertThat(Dialects.detect(product("H2"))).isInstanceOf(H2Dialect.class).isNotSameAs(PreferredH2.DIALECT);
    }
}
