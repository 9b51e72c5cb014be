package dev.cascadeguard.cli.picture;

import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.EffectAction;
import dev.cascadeguard.report.TableEffect;
import dev.cascadeguard.rules.GuardReport;
import dev.cascadeguard.rules.GuardSettings;
import dev.cascadeguard.rules.TableRule;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code explain} found, as a {@link Picture}: one box per (table, action), each under the table its path comes
 * from, the counted rows on the arrows; RESTRICT references (the statement would fail) dashed, protected tables
 * ({@code blockAbove=0}) marked.
 */
public final class ExplainPicture {

    private ExplainPicture() {
    }

    public static Picture of(GuardReport report, GuardSettings settings) {
        Picture picture = new Picture("explain: " + report.decision().action() + " — "
                + report.reports().stream().map(r -> r.sql().strip()).reduce((a, b) -> a + "; " + b).orElse(""));
        for (CascadeReport statement : report.reports()) {
            add(picture, statement, settings);
        }
        return picture;
    }

    private static void add(Picture picture, CascadeReport statement, GuardSettings settings) {
        Map<List<String>, String> byPath = new HashMap<>();
        List<TableEffect> effects = statement.effects().stream()
                .sorted(java.util.Comparator.comparingInt(TableEffect::depth)).toList();
        for (TableEffect effect : effects) {
            String protectedBy = protectedBy(settings, effect.table());
            // the rows go on the arrow; the box says what happens there, and the target's box says how many
            List<String> lines = new java.util.ArrayList<>(List.of(effect.table(),
                    effect.depth() == 0 ? rows(effect) + " " + verb(effect) : verb(effect)));
            if (protectedBy != null) {
                lines.add("protected: " + protectedBy);
            }
            Picture.Style style = style(effect, protectedBy);
            String id = picture.node(lines, style);
            List<String> path = effect.path().isEmpty() ? List.of(effect.table()) : effect.path();
            if (effect.depth() > 0) {
                String parent = byPath.get(path.subList(0, path.size() - 1));
                if (parent != null) {
                    picture.edge(parent, id, rows(effect) + (effect.rows() == 1 ? " row · " : " rows · ")
                                    + effect.action().name().replace('_', ' '),
                            effect.action() == EffectAction.RESTRICT ? Picture.Style.WOULD_FAIL : style);
                }
            }
            if (passesOn(effect.action())) {
                byPath.putIfAbsent(path, id);
            }
        }
    }

    /** Rows of an effect: exact counts as they are, bounded ones with ≥, estimates with ~. */
    private static String rows(TableEffect effect) {
        String n = String.format(Locale.ROOT, "%,d", effect.rows());
        return effect.capped() ? "≥" + n : effect.exact() ? n : "~" + n;
    }

    private static String verb(TableEffect effect) {
        String noun = effect.depth() > 0 ? "" : effect.rows() == 1 ? "row " : "rows ";
        return noun + switch (effect.action()) {
            case DELETE -> "deleted";
            case SET_NULL -> "set NULL";
            case SET_DEFAULT -> "set to default";
            case RESTRICT -> "would fail the statement";
            case ORPHAN -> "left orphaned";
            default -> effect.action().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    private static boolean passesOn(EffectAction action) {
        return action == EffectAction.DELETE || action == EffectAction.UPDATE || action == EffectAction.UPDATE_CASCADE;
    }

    private static Picture.Style style(TableEffect effect, String protectedBy) {
        if (protectedBy != null && effect.action() != EffectAction.RESTRICT && effect.depth() > 0) {
            return Picture.Style.PROTECTED;
        }
        if (effect.depth() == 0) {
            return Picture.Style.ROOT;
        }
        return switch (effect.action()) {
            case DELETE, DROP_COLUMN -> Picture.Style.DELETED;
            case RESTRICT -> Picture.Style.WOULD_FAIL;
            default -> Picture.Style.CHANGED;
        };
    }

    private static String protectedBy(GuardSettings settings, String table) {
        return settings.ruleFor(table).flatMap(TableRule::blockAbove).filter(t -> t.rows() == 0)
                .map(t -> t.key() + "=0").orElse(null);
    }
}
