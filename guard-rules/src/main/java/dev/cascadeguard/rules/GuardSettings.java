package dev.cascadeguard.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Every {@code guard.*} setting, validated. Immutable; load it once per connection.
 *
 * <p>Defaults the contract leaves open, judged by the rows a statement destroys (as pg_savior does): a kind rule
 * fires only when its statement destroys at least one row, so dropping or emptying an empty table, or one that
 * does not exist, always runs. {@code guard.deleteWithoutWhere} is CONFIRM: a DELETE that forgot its WHERE is the
 * classic accident (MySQL's safe-updates mode refuses it outright). {@code guard.truncate} and {@code guard.drop}
 * are ALLOW: a TRUNCATE or DROP is decided by the same row thresholds as a DELETE of the rows it destroys, so
 * start-up schema scripts, ORMs and migration tools run over small or empty tables, and a populated table's DROP
 * is stopped by {@code guard.confirmAbove}; set them to CONFIRM or BLOCK to be stricter.
 *
 * @param mode               {@code guard.mode}; applied by the driver, never by {@link Decider}
 * @param logAbove           {@code guard.logAbove}: rows
 * @param confirmAbove       {@code guard.confirmAbove}: rows
 * @param blockAbove         {@code guard.blockAbove}: rows, empty for none ("none" in properties)
 * @param tableThresholds    every {@code guard.table.<name>.confirmAbove|blockAbove}; look them up with
 *                           {@link #ruleFor(String, String)}
 * @param deleteWithoutWhere {@code guard.deleteWithoutWhere}
 * @param truncate           {@code guard.truncate}
 * @param drop               {@code guard.drop}
 * @param onEstimateError    {@code guard.onEstimateError}: BLOCK or ALLOW
 * @param allowSqlOverride   {@code guard.allowSqlOverride}
 * @param metadataTtlSeconds {@code guard.metadataTtlSeconds}; 0 = read metadata every time
 * @param estimateTimeoutMs  {@code guard.estimateTimeoutMs}; 0 = no limit
 * @param auditParameters    {@code guard.auditParameters}
 * @param listeners          {@code guard.listeners}: class names of listeners, in order (the rules never load them)
 * @param rulesFile          the rules file that was read (a path, or a class-path URL), "" for none
 * @param sqliteForeignKeysOff {@code guard.sqliteForeignKeysOff}: a statement on a SQLite connection with
 *                           {@code PRAGMA foreign_keys} off that leaves rows pointing at deleted rows. LOG by
 *                           default: SQLite's switch is off unless the application turns it on, so dangling rows
 *                           are worth an audit line, yet refusing every such DELETE would break applications
 *                           that never meant to use foreign keys
 */
public record GuardSettings(GuardMode mode, long logAbove, long confirmAbove, OptionalLong blockAbove,
                            List<TableThreshold> tableThresholds, RuleAction deleteWithoutWhere, RuleAction truncate,
                            RuleAction drop, RuleAction onEstimateError, boolean allowSqlOverride,
                            long metadataTtlSeconds, long estimateTimeoutMs, boolean auditParameters,
                            List<String> listeners, String rulesFile, RuleAction sqliteForeignKeysOff) {

    private static final GuardSettings DEFAULTS = new GuardSettings(GuardMode.ENFORCE, 100, 1000,
            OptionalLong.empty(), List.of(), RuleAction.CONFIRM, RuleAction.ALLOW, RuleAction.ALLOW,
            RuleAction.BLOCK, true, 300, 2000, false, List.of(), "", RuleAction.LOG);

    /** Every setting but {@code guard.sqliteForeignKeysOff}, which is then LOG (its default). */
    public GuardSettings(GuardMode mode, long logAbove, long confirmAbove, OptionalLong blockAbove,
                         List<TableThreshold> tableThresholds, RuleAction deleteWithoutWhere, RuleAction truncate,
                         RuleAction drop, RuleAction onEstimateError, boolean allowSqlOverride,
                         long metadataTtlSeconds, long estimateTimeoutMs, boolean auditParameters,
                         List<String> listeners, String rulesFile) {
        this(mode, logAbove, confirmAbove, blockAbove, tableThresholds, deleteWithoutWhere, truncate, drop,
                onEstimateError, allowSqlOverride, metadataTtlSeconds, estimateTimeoutMs, auditParameters, listeners,
                rulesFile, RuleAction.LOG);
    }

    /** Every setting but the listeners, which default to none. */
    public GuardSettings(GuardMode mode, long logAbove, long confirmAbove, OptionalLong blockAbove,
                         List<TableThreshold> tableThresholds, RuleAction deleteWithoutWhere, RuleAction truncate,
                         RuleAction drop, RuleAction onEstimateError, boolean allowSqlOverride,
                         long metadataTtlSeconds, long estimateTimeoutMs, boolean auditParameters, String rulesFile) {
        this(mode, logAbove, confirmAbove, blockAbove, tableThresholds, deleteWithoutWhere, truncate, drop,
                onEstimateError, allowSqlOverride, metadataTtlSeconds, estimateTimeoutMs, auditParameters, List.of(),
                rulesFile);
    }

    public GuardSettings {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(blockAbove, "blockAbove");
        Objects.requireNonNull(deleteWithoutWhere, "deleteWithoutWhere");
        Objects.requireNonNull(truncate, "truncate");
        Objects.requireNonNull(drop, "drop");
        Objects.requireNonNull(sqliteForeignKeysOff, "sqliteForeignKeysOff");
        tableThresholds = List.copyOf(tableThresholds);
        rulesFile = rulesFile == null ? "" : rulesFile;
        if (onEstimateError != RuleAction.BLOCK && onEstimateError != RuleAction.ALLOW) {
            throw new IllegalArgumentException("onEstimateError is BLOCK or ALLOW, not " + onEstimateError);
        }
        if (logAbove < 0 || confirmAbove < 0 || (blockAbove.isPresent() && blockAbove.getAsLong() < 0)
                || metadataTtlSeconds < 0 || estimateTimeoutMs < 0) {
            throw new IllegalArgumentException("row counts and durations must be 0 or more");
        }
    }

    /** Every setting at its default. */
    public static GuardSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Settings for a new connection: its {@code guard.*} properties, then JVM system properties, then the
     * rules file, then defaults. The class-path file is looked up with the thread's context class loader
     * (falling back to this library's own).
     *
     * An unknown {@code guard.*} JVM system property is left unused (another tool may share the prefix); see
     * {@link #load(Properties, Consumer)} to hear of it.
     *
     * @throws InvalidSettingException for an unknown {@code guard.*} key in the connection properties or the rules
     *                                 file, or a value the key does not allow (wherever it came from)
     */
    public static GuardSettings load(Properties connectionProperties) {
        return load(connectionProperties, ignored -> { });
    }

    /** As {@link #load(Properties)}, telling {@code ignored} of each unknown {@code guard.*} system property. */
    public static GuardSettings load(Properties connectionProperties, Consumer<IgnoredSetting> ignored) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return SettingsLoader.load(connectionProperties, System.getProperties(),
                loader != null ? loader : GuardSettings.class.getClassLoader(), ignored);
    }

    /**
     * As {@link #load(Properties)} with the system properties and the class loader for
     * {@code cascade-guard.properties} given; either may be null (then that layer is empty).
     */
    public static GuardSettings load(Properties connectionProperties, Properties systemProperties,
                                     ClassLoader classLoader) {
        return load(connectionProperties, systemProperties, classLoader, ignored -> { });
    }

    /** As {@link #load(Properties, Properties, ClassLoader)}, telling {@code ignored} of unknown system properties. */
    public static GuardSettings load(Properties connectionProperties, Properties systemProperties,
                                     ClassLoader classLoader, Consumer<IgnoredSetting> ignored) {
        return SettingsLoader.load(connectionProperties, systemProperties, classLoader, Objects.requireNonNull(ignored));
    }

    /**
     * Settings from one set of {@code guard.*} values over the defaults, with no other layer and no file read
     * (a {@code guard.rules} entry is ignored). For tools and tests.
     *
     * @throws InvalidSettingException as {@link #load(Properties)}
     */
    public static GuardSettings of(Map<String, String> values) {
        Properties properties = new Properties();
        values.forEach((k, v) -> properties.setProperty(k, v == null ? "" : v));
        return SettingsParser.parse(SettingsLoader.guardSettings(properties, null).values(), "");
    }

    /**
     * The per-table thresholds for one table, as the database names it. {@code guard.table.users.*} applies to
     * a table {@code users} in any schema, {@code guard.table.public.users.*} only to {@code public.users};
     * for each threshold the schema-qualified key wins. Names match ignoring case.
     *
     * <p>A table whose own name contains a dot can be named in a key by quoting it
     * ({@code guard.table."odd.name".blockAbove}), but the report names tables unquoted, so
     * {@link #ruleFor(String)} would read such a name as schema and table; pass the parts to this method instead.
     *
     * @param schema the table's schema, or null when not known (then only unqualified keys apply)
     * @param table  the table name
     * @return the thresholds, or empty when no key names this table
     */
    public Optional<TableRule> ruleFor(String schema, String table) {
        TableRule rule = new TableRule(find(RuleAction.CONFIRM, schema, table), find(RuleAction.BLOCK, schema, table));
        return rule.isEmpty() ? Optional.empty() : Optional.of(rule);
    }

    /** As {@link #ruleFor(String, String)} for a name like {@code users} or {@code billing.invoices}. */
    public Optional<TableRule> ruleFor(String qualifiedName) {
        List<String> parts = TableNames.split(qualifiedName);
        if (parts == null || parts.size() < 2) {
            return ruleFor(null, parts == null ? qualifiedName : parts.get(0));
        }
        return ruleFor(String.join(".", parts.subList(0, parts.size() - 1)), parts.get(parts.size() - 1));
    }

    private Optional<TableThreshold> find(RuleAction action, String schema, String table) {
        TableThreshold anySchema = null;
        for (TableThreshold t : tableThresholds) {
            if (t.action() != action || !t.table().equalsIgnoreCase(table)) {
                continue;
            }
            if (t.schema() == null) {
                anySchema = t;
            } else if (schema != null && t.schema().equalsIgnoreCase(schema)) {
                return Optional.of(t);
            }
        }
        return Optional.ofNullable(anySchema);
    }

    /** Every setting with its value in effect, default, choices and description: for {@code Driver.getPropertyInfo}. */
    public List<SettingInfo> describe() {
        List<SettingInfo> info = new ArrayList<>();
        for (Setting s : Setting.values()) {
            info.add(new SettingInfo(s.key, valueOf(s), s.defaultValue, s.choices, s.description));
        }
        info.add(new SettingInfo(Setting.TABLE_CONFIRM_KEY, null, "", List.of(), Setting.TABLE_CONFIRM_DESCRIPTION));
        info.add(new SettingInfo(Setting.TABLE_BLOCK_KEY, null, "", List.of(), Setting.TABLE_BLOCK_DESCRIPTION));
        for (TableThreshold t : tableThresholds) {
            String description = t.action() == RuleAction.CONFIRM
                    ? Setting.TABLE_CONFIRM_DESCRIPTION : Setting.TABLE_BLOCK_DESCRIPTION;
            info.add(new SettingInfo(t.key(), Long.toString(t.rows()), "", List.of(), description));
        }
        return List.copyOf(info);
    }

    private String valueOf(Setting s) {
        return switch (s) {
            case MODE -> mode.name().toLowerCase(java.util.Locale.ROOT);
            case LOG_ABOVE -> Long.toString(logAbove);
            case CONFIRM_ABOVE -> Long.toString(confirmAbove);
            case BLOCK_ABOVE -> blockAbove.isPresent() ? Long.toString(blockAbove.getAsLong()) : "none";
            case DELETE_WITHOUT_WHERE -> deleteWithoutWhere.name();
            case TRUNCATE -> truncate.name();
            case DROP -> drop.name();
            case SQLITE_FOREIGN_KEYS_OFF -> sqliteForeignKeysOff.name();
            case ON_ESTIMATE_ERROR -> onEstimateError.name();
            case ALLOW_SQL_OVERRIDE -> Boolean.toString(allowSqlOverride);
            case METADATA_TTL_SECONDS -> Long.toString(metadataTtlSeconds);
            case ESTIMATE_TIMEOUT_MS -> Long.toString(estimateTimeoutMs);
            case AUDIT_PARAMETERS -> Boolean.toString(auditParameters);
            case LISTENERS -> String.join(",", listeners);
            case RULES -> rulesFile;
        };
    }
}
