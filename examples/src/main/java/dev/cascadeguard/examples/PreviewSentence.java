package dev.cascadeguard.examples;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.report.TableEffect;

import java.util.ArrayList;
import java.util.List;

/**
 * A preview as the sentence a confirmation dialog would show: "this will delete 1 organization, 40 users, …
 * and 1,600 invoices". Made from the report's effects, so it says what the guard counted, not what we hope.
 */
final class PreviewSentence {

    private PreviewSentence() {
    }

    static String of(CascadeReport report) {
        List<String> deleted = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (TableEffect e : report.effects()) {
            if (e.action() == EffectAction.DELETE) {
                deleted.add(RowFormat.count(e.rows()) + " " + noun(e.table(), e.rows()));
            } else if (e.action().changesRows()) {
                changed.add(RowFormat.count(e.rows()) + " " + noun(e.table(), e.rows())
                        + " (" + e.action().name().replace('_', ' ') + ")");
            }
        }
        String sentence = "this will delete " + (deleted.isEmpty() ? "nothing" : list(deleted));
        return changed.isEmpty() ? sentence : sentence + " and change " + list(changed);
    }

    /** "order_items" as "order items", singular for one row: the tables here are plain English plurals. */
    static String noun(String table, long rows) {
        String words = table.toLowerCase().replace('_', ' ');
        return rows == 1 && words.endsWith("s") ? words.substring(0, words.length() - 1) : words;
    }

    private static String list(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
