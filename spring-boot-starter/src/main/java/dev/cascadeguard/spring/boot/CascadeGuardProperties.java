package dev.cascadeguard.spring.boot;

import dev.cascadeguard.rules.GuardMode;
import dev.cascadeguard.rules.RuleAction;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code cascade-guard.*} in {@code application.properties}: the driver's {@code guard.*} settings in Spring's
 * relaxed form ({@code cascade-guard.confirm-above} is {@code guard.confirmAbove}). A setting left out is not passed
 * on, so JVM system properties, a {@code cascade-guard.properties} file and the driver's defaults still apply.
 */
@ConfigurationProperties(prefix = "cascade-guard", ignoreUnknownFields = false) // a mistyped BLOCK rule must not pass
public class CascadeGuardProperties {

    /** Whether every DataSource bean is wrapped in a GuardDataSource. false leaves the beans untouched. */
    private boolean enabled = true;

    /** enforce (default): stop by rule; warn: log what would be stopped and run it; off: pass everything through. */
    private GuardMode mode;

    /** Rows destroyed above which the statement is audited and runs (guard.logAbove, default 100). */
    private Long logAbove;

    /** Rows destroyed above which the statement fails with XG001 unless an override covers it (guard.confirmAbove, default 1000). */
    private Long confirmAbove;

    /** Rows destroyed above which the statement fails with XG002, override or not (guard.blockAbove, default none). */
    private Long blockAbove;

    /** A DELETE without WHERE that deletes at least one row (guard.deleteWithoutWhere, default CONFIRM). */
    private RuleAction deleteWithoutWhere;

    /** A TRUNCATE that destroys at least one row, beyond the thresholds (guard.truncate, default ALLOW). */
    private RuleAction truncate;

    /** A DROP that destroys at least one row, beyond the thresholds (guard.drop, default ALLOW). */
    private RuleAction drop;

    /**
     * A statement on a SQLite connection with PRAGMA foreign_keys off that would leave rows pointing at deleted rows,
     * beyond the thresholds (guard.sqliteForeignKeysOff, default LOG).
     */
    private RuleAction sqliteForeignKeysOff;

    /** A destructive statement that cannot be parsed or counted: BLOCK (XG003, default) or ALLOW (guard.onEstimateError). */
    private RuleAction onEstimateError;

    /** Whether SET guard.allow_rows in SQL is honoured (guard.allowSqlOverride, default true). */
    private Boolean allowSqlOverride;

    /** How long the foreign-key graph is cached, in seconds (guard.metadataTtlSeconds, default 300). */
    private Long metadataTtlSeconds;

    /** Time limit of the counting query, in milliseconds (guard.estimateTimeoutMs, default 2000). */
    private Long estimateTimeoutMs;

    /** Whether audit events show bound parameter values (guard.auditParameters, default false: masked). */
    private Boolean auditParameters;

    /** Class names of GuardListeners told of every decision and execution (guard.listeners). */
    private List<String> listeners = new ArrayList<>();

    /**
     * Per-table thresholds, by table name (cascade-guard.table.invoices.block-above=0) or schema-qualified name in
     * brackets (cascade-guard.table[public.invoices].block-above=0).
     */
    private Map<String, Table> table = new LinkedHashMap<>();

    /** Names of DataSource beans to leave unwrapped. */
    private Set<String> excludeBeans = new LinkedHashSet<>();

    /**
     * Whether JdbcTemplate and Hibernate (Spring Data JPA) translate a stopped statement into
     * CascadeConfirmationRequiredException / CascadeStatementBlockedException / CascadeUncheckableStatementException.
     */
    private boolean translateExceptions = true;

    /** Thresholds for one table: rows destroyed there (cascades included) above which a rule fires; 0 = any row. */
    public static class Table {

        /** Rows destroyed in this table above which the statement needs an override (XG001). */
        private Long confirmAbove;

        /** Rows destroyed in this table above which the statement is blocked (XG002). */
        private Long blockAbove;

        public Long getConfirmAbove() {
            return confirmAbove;
        }

        public void setConfirmAbove(Long confirmAbove) {
            this.confirmAbove = confirmAbove;
        }

        public Long getBlockAbove() {
            return blockAbove;
        }

        public void setBlockAbove(Long blockAbove) {
            this.blockAbove = blockAbove;
        }
    }

    /** The {@code guard.*} settings for {@code new GuardDataSource(real, settings)}: only those that were set. */
    public Properties toGuardSettings() {
        Properties p = new Properties();
        if (mode != null) {
            p.setProperty("guard.mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        }
        put(p, "guard.logAbove", logAbove);
        put(p, "guard.confirmAbove", confirmAbove);
        put(p, "guard.blockAbove", blockAbove);
        put(p, "guard.deleteWithoutWhere", deleteWithoutWhere);
        put(p, "guard.truncate", truncate);
        put(p, "guard.drop", drop);
        put(p, "guard.sqliteForeignKeysOff", sqliteForeignKeysOff);
        put(p, "guard.onEstimateError", onEstimateError);
        put(p, "guard.allowSqlOverride", allowSqlOverride);
        put(p, "guard.metadataTtlSeconds", metadataTtlSeconds);
        put(p, "guard.estimateTimeoutMs", estimateTimeoutMs);
        put(p, "guard.auditParameters", auditParameters);
        if (!listeners.isEmpty()) {
            p.setProperty("guard.listeners", String.join(",", listeners));
        }
        table.forEach((name, rule) -> {
            put(p, "guard.table." + name + ".confirmAbove", rule.getConfirmAbove());
            put(p, "guard.table." + name + ".blockAbove", rule.getBlockAbove());
        });
        return p;
    }

    private static void put(Properties p, String key, Object value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public GuardMode getMode() {
        return mode;
    }

    public void setMode(GuardMode mode) {
        this.mode = mode;
    }

    public Long getLogAbove() {
        return logAbove;
    }

    public void setLogAbove(Long logAbove) {
        this.logAbove = logAbove;
    }

    public Long getConfirmAbove() {
        return confirmAbove;
    }

    public void setConfirmAbove(Long confirmAbove) {
        this.confirmAbove = confirmAbove;
    }

    public Long getBlockAbove() {
        return blockAbove;
    }

    public void setBlockAbove(Long blockAbove) {
        this.blockAbove = blockAbove;
    }

    public RuleAction getDeleteWithoutWhere() {
        return deleteWithoutWhere;
    }

    public void setDeleteWithoutWhere(RuleAction deleteWithoutWhere) {
        this.deleteWithoutWhere = deleteWithoutWhere;
    }

    public RuleAction getTruncate() {
        return truncate;
    }

    public void setTruncate(RuleAction truncate) {
        this.truncate = truncate;
    }

    public RuleAction getDrop() {
        return drop;
    }

    public void setDrop(RuleAction drop) {
        this.drop = drop;
    }

    public RuleAction getSqliteForeignKeysOff() {
        return sqliteForeignKeysOff;
    }

    public void setSqliteForeignKeysOff(RuleAction sqliteForeignKeysOff) {
        this.sqliteForeignKeysOff = sqliteForeignKeysOff;
    }

    public RuleAction getOnEstimateError() {
        return onEstimateError;
    }

    public void setOnEstimateError(RuleAction onEstimateError) {
        this.onEstimateError = onEstimateError;
    }

    public Boolean getAllowSqlOverride() {
        return allowSqlOverride;
    }

    public void setAllowSqlOverride(Boolean allowSqlOverride) {
        this.allowSqlOverride = allowSqlOverride;
    }

    public Long getMetadataTtlSeconds() {
        return metadataTtlSeconds;
    }

    public void setMetadataTtlSeconds(Long metadataTtlSeconds) {
        this.metadataTtlSeconds = metadataTtlSeconds;
    }

    public Long getEstimateTimeoutMs() {
        return estimateTimeoutMs;
    }

    public void setEstimateTimeoutMs(Long estimateTimeoutMs) {
        this.estimateTimeoutMs = estimateTimeoutMs;
    }

    public Boolean getAuditParameters() {
        return auditParameters;
    }

    public void setAuditParameters(Boolean auditParameters) {
        this.auditParameters = auditParameters;
    }

    public List<String> getListeners() {
        return listeners;
    }

    public void setListeners(List<String> listeners) {
        this.listeners = listeners;
    }

    public Map<String, Table> getTable() {
        return table;
    }

    public void setTable(Map<String, Table> table) {
        this.table = table;
    }

    public Set<String> getExcludeBeans() {
        return excludeBeans;
    }

    public void setExcludeBeans(Set<String> excludeBeans) {
        this.excludeBeans = excludeBeans;
    }

    public boolean isTranslateExceptions() {
        return translateExceptions;
    }

    public void setTranslateExceptions(boolean translateExceptions) {
        this.translateExceptions = translateExceptions;
    }
}
