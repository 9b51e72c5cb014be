package dev.cascadeguard.cli;

import dev.cascadeguard.driver.testdb.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class H2LintTest extends LintContractTest {

    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    String t(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    @Override
    boolean indexesForeignKeysItself() {
        return true;
    }

    /** H2 needs a DEFAULT for SET DEFAULT (23507), and does not check that the default has a parent row. */
    @Test
    void setDefaultAndSetNullThatCannotWork() throws Exception {
        String out = lint("--format", "json").out();
        assertThat(out)
                .contains("{\"kind\": \"set-default-no-parent\", \"severity\": \"error\", \"tables\": [\"CATEGORIES\", "
                        + "\"PRODUCTS\"], \"constraints\": [\"FK_PRODUCTS_CATEGORY\"]")
                .contains("H2 does not check it: the rows are left pointing at nothing")
                .contains("{\"kind\": \"set-default-no-default\", \"severity\": \"error\", \"tables\": [\"TAGS\", "
                        + "\"POSTS\"], \"constraints\": [\"FK_POSTS_TAG\"]")
                .contains("{\"kind\": \"set-null-not-null\", \"severity\": \"error\", \"tables\": [\"OWNERS\", "
                        + "\"PETS\"], \"constraints\": [\"FK_PETS_OWNER\"]");
        // the database agrees: the product is left pointing at category 0, which does not exist
        db.execute("insert into products values (1, 1)", "delete from categories");
        assertThat(db.count("products where category_id = 0 and category_id not in (select id from categories)"))
                .isEqualTo(1);
    }

    /** Colors (on a terminal) mark severities and protected tables; the text is otherwise the same. */
    @Test
    void colorsMarkSeverities() throws Exception {
        dev.cascadeguard.cli.lint.LintResult result = new dev.cascadeguard.cli.lint.Linter(
                dev.cascadeguard.rules.GuardSettings.of(java.util.Map.of("guard.table.invoices.blockAbove", "0")), 4)
                .lint(db.connection());
        String colored = new dev.cascadeguard.cli.lint.render.LintText(true).render(result);
        assertThat(colored).contains("\u001b[1;31mERROR\u001b[0m protected-table-reached",
                "\u001b[33mWARN \u001b[0m cascade-cycle", "\u001b[36mINFO \u001b[0m cascade-tree",
                "\u001b[1;31m[protected: guard.table.invoices.blockAbove=0]\u001b[0m");
        assertThat(colored.replaceAll("\u001b\\[[0-9;]*m", ""))
                .isEqualTo(new dev.cascadeguard.cli.lint.render.LintText(false).render(result));
    }
}
