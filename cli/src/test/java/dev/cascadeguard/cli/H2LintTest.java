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
}
