package dev.cascadeguard.rules;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.ForeignKeyChecks;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.report.TableEffect;

import java.util.Optional;

/**
 * {@code guard.sqliteForeignKeysOff}: a statement on a SQLite connection with {@code PRAGMA foreign_keys} off that
 * leaves rows pointing at rows it deletes. Only when it does: SQLite's switch is off by default, so a rule on every
 * destructive statement there would fire on every DELETE of an application that never turned it on, while one
 * that orphans nothing loses nothing a foreign key would have kept. Other databases' switches are turned off on
 * purpose (a bulk load), and there the row thresholds alone decide.
 */
final class OrphanRule {

    private OrphanRule() {
    }

    /** The rule's reason when it fires for {@code report} (an action other than ALLOW, and orphans on SQLite). */
    static Optional<String> reason(CascadeReport report, boolean batch, GuardSettings settings) {
        RuleAction action = settings.sqliteForeignKeysOff();
        long orphans = report.orphanRows();
        if (action == RuleAction.ALLOW || report.foreignKeyChecks() != ForeignKeyChecks.SQLITE_OFF || orphans == 0) {
            return Optional.empty();
        }
        boolean exact = report.effects().stream().filter(e -> e.action() == EffectAction.ORPHAN)
                .allMatch(TableEffect::exact);
        boolean capped = report.effects().stream().filter(e -> e.action() == EffectAction.ORPHAN)
                .anyMatch(TableEffect::capped);
        // in a batch the statement has to be named; alone, the SQL is shown beside the reason anyway
        String which = batch ? report.target() + ": " : "";
        String key = Setting.SQLITE_FOREIGN_KEYS_OFF.key;
        return Optional.of(which + RowFormat.rows(orphans, exact, capped) + " would be left pointing at deleted rows "
                + "(PRAGMA foreign_keys is off): " + key + " = " + action);
    }
}
