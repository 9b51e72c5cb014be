package dev.cascadeguard.driver.parse;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSqlParser 5.4 behaviours the parse stage works around. If an upgrade changes one of them, this test says
 * which workaround to revisit.
 */
class JSqlParserFactsTest {

    @Test
    void parseSilentlyStopsAtTheFirstSemicolon() throws Exception {
        assertThat(CCJSqlParserUtil.parse("DELETE FROM t WHERE a = 1; DROP TABLE x"))
                .isInstanceOf(Delete.class).hasToString("DELETE FROM t WHERE a = 1");
    }

    @Test
    void postgresOnlyAndRestartIdentityDoNotParse() {
        assertThatThrownBy(() -> CCJSqlParserUtil.parse("DELETE FROM ONLY t WHERE a = 1")).isNotNull();
        assertThatThrownBy(() -> CCJSqlParserUtil.parse("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE")).isNotNull();
    }

    @Test
    void numberedPlaceholdersAreRenderedAsWritten() throws Exception {
        assertThat(CCJSqlParserUtil.parse("DELETE FROM t WHERE a = ?7 LIMIT ?12"))
                .hasToString("DELETE FROM t WHERE a = ?7 LIMIT ?12");
    }

    @Test
    void dataModifyingCteParsesAsASelect() throws Exception {
        assertThat(CCJSqlParserUtil.parse("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d"))
                .isInstanceOf(PlainSelect.class);
    }

    @Test
    void hashIsAnOperatorNotAComment() throws Exception {
        Delete delete = (Delete) CCJSqlParserUtil.parse("DELETE FROM t WHERE a = 1 # 2");
        assertThat(delete.getWhere()).hasToString("a = 1 # 2");
    }
}
