package dev.cascadeguard.junit;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.GuardDataSource;
import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.GuardListener;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.TableEffect;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The JUnit Jupiter extension behind {@link GuardedCleanup}, and its programmatic form for suites without Spring:
 * <pre>{@code
 * @RegisterExtension
 * static CleanupGuard guard = CleanupGuard.forDataSource(dataSource).maxRows(500).protect("audit_log");
 * }</pre>
 * Per test method, in {@code beforeEach}: finds the DataSource (the registered one, else Spring's test context's),
 * checks that it is guarded and looks like a test database, then opens a cleanup budget on the test thread and a
 * listener collecting a {@link CleanupReport}; both are closed after the last {@code afterEach} callback, and the
 * report's summary is published as a report entry ({@code cascadeguard.cleanup}).
 */
public final class CleanupGuard implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CleanupGuard.class);
    private static final String KEY = "cleanup";
    private static final String SPRING_EXTENSION = "org.springframework.test.context.junit.jupiter.SpringExtension";
    /** Per DataSource: its URL and whether its connections are guarded, read once. */
    private static final Map<DataSource, Probe> PROBES = Collections.synchronizedMap(new WeakHashMap<>());

    private record Probe(String url, boolean guarded) {
    }

    private static final String REFUSED_KEY = "refused";
    private static final long DEFAULT_MAX_ROWS = 1000;
    private static final Set<String> DEFAULT_PROTECT = Set.of("flyway_schema_history");

    private final DataSource dataSource;
    /** Null while not configured: the default, or what an annotation configures, applies. */
    private final Long maxRows;
    private final Set<String> protect;
    private final boolean anyDatabase;
    /** Null while not configured. */
    private final Boolean failOnStopped;

    /** Used by {@code @ExtendWith(CleanupGuard.class)} (through {@link GuardedCleanup}). */
    public CleanupGuard() {
        this(null, null, Set.of(), false, null);
    }

    private CleanupGuard(DataSource dataSource, Long maxRows, Set<String> protect, boolean anyDatabase,
                         Boolean failOnStopped) {
        this.dataSource = dataSource;
        this.maxRows = maxRows;
        this.protect = protect;
        this.anyDatabase = anyDatabase;
        this.failOnStopped = failOnStopped;
    }

    /** A guard for suites without Spring: register it with {@code @RegisterExtension}. */
    public static CleanupGuard forDataSource(DataSource dataSource) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        return new CleanupGuard(dataSource, null, DEFAULT_PROTECT, false, null);
    }

    /** The most rows each test method may destroy (default 1000). */
    public CleanupGuard maxRows(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative: " + rows);
        }
        return new CleanupGuard(dataSource, rows, protect, anyDatabase, failOnStopped);
    }

    /**
     * Tables never to touch, replacing this guard's default {@code flyway_schema_history}. The tables protected in a
     * test are the union of these and those of every {@link GuardedCleanup} on the test method and its classes.
     */
    public CleanupGuard protect(String... tables) {
        return new CleanupGuard(dataSource, maxRows, Set.copyOf(new LinkedHashSet<>(Arrays.asList(tables))), anyDatabase,
                failOnStopped);
    }

    /** Cleans a database that does not look like a test database anyway. */
    public CleanupGuard anyDatabase() {
        return new CleanupGuard(dataSource, maxRows, protect, true, failOnStopped);
    }

    /** Whether a stopped statement the test did not fail on fails it anyway (default true); see {@link GuardedCleanup#failOnStopped()}. */
    public CleanupGuard failOnStopped(boolean fail) {
        return new CleanupGuard(dataSource, maxRows, protect, anyDatabase, fail);
    }

    /** What one test method runs with, from every source (see {@link #settings}). */
    private record Settings(long maxRows, Set<String> protect, boolean anyDatabase, String beanName,
                            boolean failOnStopped) {
    }

    /**
     * Every guard checks its own DataSource (a registered guard its DataSource; the annotation beside a registered
     * guard only the Spring bean its {@code dataSource} names, if it names one); the first guard to get past the
     * check opens the one cleanup budget of the test thread, which the others share.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        List<CleanupGuard> registered = TestClassLookup.registeredGuards(context);
        Settings settings = settings(context, registered);
        boolean annotationBesideRegistered = dataSource == null && (!registered.isEmpty() || TestClassLookup.hasRegisteredGuard(context));
        if (annotationBesideRegistered) {
            // the registered guard has the DataSource and opens the budget; a bean named explicitly is checked too
            if (!settings.beanName().isEmpty() && springTest(context)) {
                check(context, springDataSource(context, settings.beanName()), settings.anyDatabase());
            }
            return;
        }
        DataSource target = dataSource != null ? dataSource : springDataSource(context, settings.beanName());
        check(context, target, anyDatabase || settings.anyDatabase());

        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(KEY) != null || store.get(REFUSED_KEY) != null) {
            return; // another CleanupGuard opened the budget of this test method already
        }
        Thread testThread = Thread.currentThread();
        CleanupReport report = new CleanupReport();
        Open open = new Open(context, report, settings.failOnStopped());
        CascadeGuard.Registration registration = CascadeGuard.addListener(new GuardListener() {
            @Override
            public void decided(GuardEvent.Decided event) {
                if (event.verdict() == GuardEvent.Verdict.STOPPED && Thread.currentThread() == testThread) {
                    report.addStopped(describe(event));
                }
            }

            @Override
            public void executed(GuardEvent.Executed event) {
                if (event.succeeded() && Thread.currentThread() == testThread) {
                    collect(report, event);
                }
            }
        });
        open.registration = registration;
        try {
            open.allowance = CascadeGuard.cleanupBudget(settings.maxRows(), settings.protect(),
                    "cleanup of " + describe(context));
        } catch (RuntimeException e) {
            registration.close();
            throw e;
        }
        store.put(KEY, open);
    }

    /**
     * The settings of one test method. Protected tables: the union of every registered guard's {@code protect} and
     * every {@link GuardedCleanup}'s (method, class, enclosing {@code @Nested} classes). Every other attribute: the
     * most specific one configured wins — the method's annotation, then the class's (innermost first), then the
     * registered guards (the smallest {@code maxRows} of those that set one), then the default. An annotation
     * attribute left at its default value ({@code maxRows = 1000}, {@code failOnStopped = true},
     * {@code anyDatabase = false}, {@code dataSource = ""}) counts as not configured.
     */
    private Settings settings(ExtensionContext context, List<CleanupGuard> registered) {
        List<CleanupGuard> guards = new ArrayList<>(registered);
        if (dataSource != null && guards.stream().noneMatch(g -> g == this)) {
            guards.add(this);
        }
        List<GuardedCleanup> annotations = TestClassLookup.annotations(context);
        Set<String> tables = new LinkedHashSet<>();
        guards.forEach(g -> tables.addAll(g.protect));
        annotations.forEach(a -> tables.addAll(Arrays.asList(a.protect())));

        Long rows = annotations.stream().map(GuardedCleanup::maxRows).filter(r -> r != DEFAULT_MAX_ROWS)
                .findFirst().orElse(null);
        if (rows == null) {
            rows = guards.stream().map(g -> g.maxRows).filter(r -> r != null).min(Long::compare).orElse(DEFAULT_MAX_ROWS);
        }
        Boolean fail = annotations.stream().anyMatch(a -> !a.failOnStopped()) ? Boolean.FALSE : null;
        if (fail == null) {
            List<Boolean> set = guards.stream().map(g -> g.failOnStopped).filter(f -> f != null).toList();
            fail = set.isEmpty() || set.contains(Boolean.TRUE);
        }
        boolean anyDb = annotations.stream().anyMatch(GuardedCleanup::anyDatabase);
        String beanName = annotations.stream().map(GuardedCleanup::dataSource).filter(n -> !n.isEmpty())
                .findFirst().orElse("");
        return new Settings(rows, Set.copyOf(tables), anyDb, beanName, fail);
    }

    /**
     * Checks that {@code target} is guarded and, unless {@code anyDb}, looks like a test database. On a refusal of a
     * guarded DataSource a cleanup budget of 0 rows is opened first (and closed after the last afterEach), so that
     * the afterEach callbacks JUnit still runs (an {@code @AfterEach}, {@code @Sql(AFTER_TEST_METHOD)}) destroy no
     * row of it through guarded connections.
     */
    private static void check(ExtensionContext context, DataSource target, boolean anyDb) {
        Probe probe = probe(target);
        if (!probe.guarded()) {
            throw new ExtensionConfigurationException("CascadeGuard: the DataSource of " + describe(context)
                    + " (" + UrlRedaction.redact(probe.url()) + ") is not guarded, so a cleanup budget would"
                    + " not see its statements: add cascade-guard-spring-boot-starter or wrap it in GuardDataSource");
        }
        if (anyDb) {
            return;
        }
        Pattern configured = configuredPattern(context);
        TestDatabaseCheck.Verdict verdict = TestDatabaseCheck.check(probe.url(), configured);
        if (!verdict.testDatabase()) {
            ExtensionContext.Store store = context.getStore(NAMESPACE);
            if (store.get(REFUSED_KEY) == null) {
                store.put(REFUSED_KEY, new Refused(CascadeGuard.cleanupBudget(0, List.of(),
                        "refused: " + UrlRedaction.redact(probe.url()) + " does not look like a test database ("
                                + verdict.why() + ")")));
            }
            throw new ExtensionConfigurationException("CascadeGuard refuses to clean "
                    + UrlRedaction.redact(probe.url()) + ": it does not look like a test database ("
                    + verdict.why() + "). Test databases are in memory, in a local file or on a loopback"
                    + " address; if this one is, add a pattern matching its URL to "
                    + TestDatabaseCheck.PATTERN_KEY + " (system property or junit-platform.properties)"
                    + (configured == null ? "" : ", now " + configured.pattern())
                    + ", or opt in with @GuardedCleanup(anyDatabase = true) / CleanupGuard.anyDatabase()");
        }
    }

    /** The rows a statement destroyed (or would destroy), per table and action. */
    private static List<CleanupReport.TableRows> destroyed(CascadeReport statement) {
        List<CleanupReport.TableRows> rows = new ArrayList<>();
        for (TableEffect effect : statement.effects()) {
            if (effect.action().changesRows() && effect.rows() > 0) {
                rows.add(new CleanupReport.TableRows(effect.table(), effect.action(), effect.rows()));
            }
        }
        return rows;
    }

    private static void collect(CleanupReport report, GuardEvent.Executed event) {
        for (CascadeReport statement : event.report().reports()) {
            report.add(statement.sql(), destroyed(statement));
        }
    }

    private static String describe(GuardEvent.Decided event) {
        StringBuilder out = new StringBuilder();
        for (CascadeReport statement : event.report().reports()) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(statement.sql().strip());
            List<String> hits = destroyed(statement).stream()
                    .map(r -> r.table() + " " + r.rows() + " " + r.action()).toList();
            if (!hits.isEmpty()) {
                out.append(" (").append(String.join(", ", hits)).append(')');
            }
        }
        return out.toString();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CleanupReport.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Open open = extensionContext.getStore(NAMESPACE).get(KEY, Open.class);
        if (open == null) {
            throw new ParameterResolutionException("A CleanupReport exists per test method, from the guard's"
                    + " beforeEach on: inject it into a @Test, @BeforeEach or @AfterEach method, not "
                    + parameterContext.getDeclaringExecutable());
        }
        return open.report;
    }

    /**
     * The budget and listener of one test method; the method-level store closes it after the last afterEach.
     * Both interfaces: JUnit 5 before 5.13 closes only CloseableResource values, JUnit 5.13+ and 6 prefer
     * AutoCloseable (and warn about a CloseableResource alone); either way it is closed once.
     */
    @SuppressWarnings("deprecation")
    private static final class Open implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final ExtensionContext context;
        private final CleanupReport report;
        private final boolean failOnStopped;
        private CascadeGuard.Registration registration;
        private Allowance allowance;
        private boolean closed;

        Open(ExtensionContext context, CleanupReport report, boolean failOnStopped) {
            this.context = context;
            this.report = report;
            this.failOnStopped = failOnStopped;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                allowance.close();
            } finally {
                registration.close();
                context.publishReportEntry("cascadeguard.cleanup", report.summary());
            }
            List<String> stopped = report.stopped();
            if (failOnStopped && !stopped.isEmpty() && context.getExecutionException().isEmpty()) {
                throw new AssertionError("CascadeGuard stopped " + stopped.size()
                        + (stopped.size() == 1 ? " statement" : " statements") + " during " + CleanupGuard.describe(context)
                        + " and the test did not fail on it (a tool caught the exception?): "
                        + String.join(" | ", stopped)
                        + ". Nothing of it ran. Fix the cleanup or its budget, or set failOnStopped = false");
            }
        }
    }

    /** The 0-row budget opened on a refusal, closed with the method's store after the last afterEach. */
    @SuppressWarnings("deprecation")
    private static final class Refused implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Allowance allowance;

        Refused(Allowance allowance) {
            this.allowance = allowance;
        }

        @Override
        public void close() {
            allowance.close();
        }
    }

    private static DataSource springDataSource(ExtensionContext context, String beanName) {
        if (!springTest(context)) {
            throw new ExtensionConfigurationException("@GuardedCleanup on " + describe(context)
                    + ": no DataSource to guard. In a Spring test put @GuardedCleanup beside @SpringBootTest"
                    + " (or another annotation with @ExtendWith(SpringExtension.class)); without Spring register"
                    + " @RegisterExtension static CleanupGuard guard = CleanupGuard.forDataSource(dataSource)");
        }
        return SpringDataSources.find(context, beanName);
    }

    /** True when spring-test is on the class path and the test class (or an enclosing one) runs with SpringExtension. */
    static boolean springTest(ExtensionContext context) {
        try {
            Class.forName(SPRING_EXTENSION, false, CleanupGuard.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        for (Class<?> c = context.getTestClass().orElse(null); c != null; c = c.getEnclosingClass()) {
            for (ExtendWith extendWith : AnnotationSupport.findRepeatableAnnotations(c, ExtendWith.class)) {
                for (Class<?> extension : extendWith.value()) {
                    if (extension.getName().equals(SPRING_EXTENSION)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Pattern configuredPattern(ExtensionContext context) {
        Optional<String> value = Optional.ofNullable(System.getProperty(TestDatabaseCheck.PATTERN_KEY))
                .or(() -> context.getConfigurationParameter(TestDatabaseCheck.PATTERN_KEY))
                .filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile(value.get().trim());
        } catch (PatternSyntaxException e) {
            throw new ExtensionConfigurationException(TestDatabaseCheck.PATTERN_KEY + " is not a regular expression: "
                    + e.getMessage(), e);
        }
    }

    private static Probe probe(DataSource target) {
        Probe known = PROBES.get(target);
        if (known != null) {
            return known;
        }
        try (Connection connection = target.getConnection()) {
            boolean guarded = target.isWrapperFor(GuardDataSource.class) || connection.isWrapperFor(GuardConnection.class);
            Probe probe = new Probe(connection.getMetaData().getURL(), guarded);
            PROBES.put(target, probe);
            return probe;
        } catch (SQLException e) {
            throw new ExtensionConfigurationException("CascadeGuard: cannot open a connection to check the test's"
                    + " DataSource: " + e.getMessage(), e);
        }
    }

    private static String describe(ExtensionContext context) {
        String type = context.getTestClass().map(Class::getSimpleName).orElse("?");
        return type + context.getTestMethod().map(Method::getName).map(m -> "#" + m).orElse("");
    }
}
