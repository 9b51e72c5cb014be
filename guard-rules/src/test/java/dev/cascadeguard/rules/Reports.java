package dev.cascadeguard.rules;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.StatementKind;
import dev.cascadeguard.report.TableEffect;

import java.util.List;

/** Small builders for the reports the tests decide on. */
final class Reports {

    private Reports() {
    }

    /** A counted effect; the path is the given tables, ending in {@code table}. */
    static TableEffect effect(String table, EffectAction action, long rows, String... pathBefore) {
        List<String> path = new java.util.ArrayList<>(List.of(pathBefore));
        path.add(table);
        return new TableEffect(table, action, rows, true, false, pathBefore.length, path);
    }

    static TableEffect capped(String table, long rows, String... pathBefore) {
        TableEffect e = effect(table, EffectAction.DELETE, rows, pathBefore);
        return new TableEffect(e.table(), e.action(), e.rows(), false, true, e.depth(), e.path());
    }

    static CascadeReport delete(String target, TableEffect... effects) {
        return new CascadeReport("DELETE FROM " + target + " WHERE id = 1", StatementKind.DELETE, target, true,
                List.of(effects), List.of());
    }

    static CascadeReport deleteAll(String target, TableEffect... effects) {
        return new CascadeReport("DELETE FROM " + target, StatementKind.DELETE, target, false, List.of(effects),
                List.of());
    }

    static CascadeReport of(StatementKind kind, String target, TableEffect... effects) {
        return new CascadeReport(kind + " " + target, kind, target, true, List.of(effects), List.of());
    }

    /** A DELETE whose target alone changes {@code rows} rows. */
    static Assessment rows(String target, long rows) {
        return new Assessment.Estimated(delete(target, effect(target, EffectAction.DELETE, rows)));
    }

    static Assessment estimated(CascadeReport report) {
        return new Assessment.Estimated(report);
    }
}
