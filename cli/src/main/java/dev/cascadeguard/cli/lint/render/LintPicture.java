package dev.cascadeguard.cli.lint.render;

import dev.cascadeguard.cli.lint.CascadeNode;
import dev.cascadeguard.cli.lint.LintResult;
import dev.cascadeguard.cli.lint.Paths;
import dev.cascadeguard.cli.lint.SchemaFacts;
import dev.cascadeguard.cli.picture.Picture;
import dev.cascadeguard.driver.plan.FkAction;

import java.util.ArrayList;
import java.util.List;

/** The cascade trees of a lint run as one {@link Picture}: one tree per root, rows per deleted root row on the arrows. */
public final class LintPicture {

    private LintPicture() {
    }

    public static Picture of(LintResult result) {
        Picture picture = new Picture("Cascade trees (" + result.facts().database()
                + "): estimated rows per deleted root row");
        for (CascadeNode tree : result.trees()) {
            add(picture, result.facts(), tree, null);
        }
        return picture;
    }

    private static void add(Picture picture, SchemaFacts facts, CascadeNode node, String parentId) {
        List<String> lines = new ArrayList<>();
        lines.add(facts.name(node.table()));
        // the rows go on the arrow; the box says what happens there
        lines.add(node.depth() == 0 ? "1 row deleted" : verb(node));
        if (node.protectedBy() != null) {
            lines.add("protected: " + node.protectedBy());
        }
        if (node.repeat()) {
            lines.add("(expanded elsewhere)");
        }
        if (node.cycle()) {
            lines.add("(cycle)");
        }
        String id = picture.node(lines, style(node));
        if (parentId != null) {
            picture.edge(parentId, id, Paths.rows(node).replaceFirst("^(~[\\d,.]+)", "$1 rows") + " · "
                    + action(node.action()),
                    node.wouldFail() ? Picture.Style.WOULD_FAIL : style(node));
        }
        node.children().forEach(c -> add(picture, facts, c, id));
    }

    static Picture.Style style(CascadeNode node) {
        if (node.protectedBy() != null && !node.wouldFail()) {
            return Picture.Style.PROTECTED;
        }
        if (node.depth() == 0) {
            return Picture.Style.ROOT;
        }
        return switch (node.action()) {
            case CASCADE -> Picture.Style.DELETED;
            case SET_NULL, SET_DEFAULT -> Picture.Style.CHANGED;
            case RESTRICT, NO_ACTION -> Picture.Style.WOULD_FAIL;
        };
    }

    private static String verb(CascadeNode node) {
        return switch (node.action()) {
            case CASCADE -> "deleted";
            case SET_NULL -> "set NULL";
            case SET_DEFAULT -> "set to default";
            case RESTRICT, NO_ACTION -> "would fail the delete";
        };
    }

    static String action(FkAction action) {
        return action.name().replace('_', ' ');
    }
}
