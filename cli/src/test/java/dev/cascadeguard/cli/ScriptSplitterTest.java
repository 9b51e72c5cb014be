package dev.cascadeguard.cli;

import dev.cascadeguard.cli.ScriptSplitter.ScriptException;
import dev.cascadeguard.cli.ScriptSplitter.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptSplitterTest {

    private static List<Statement> split(String script) throws ScriptException {
        return ScriptSplitter.split(script, false);
    }

    private static List<Statement> splitMysql(String script) throws ScriptException {
        return ScriptSplitter.split(script, true);
    }

    private static List<String> sql(List<Statement> statements) {
        return statements.stream().map(Statement::sql).toList();
    }

    @Test
    void splitsAtSemicolonsWithLineNumbers() throws Exception {
        List<Statement> s = split("delete from a where id = 1;\n\ndelete from b;\n  delete from c;\n");

        assertThat(sql(s)).containsExactly("delete from a where id = 1", "delete from b", "delete from c");
        assertThat(s).extracting(Statement::line).containsExactly(1, 3, 4);
    }

    @Test
    void semicolonInStringDoesNotSplit() throws Exception {
        assertThat(sql(split("insert into t values ('a;b', 'it''s; fine'); delete from t")))
                .containsExactly("insert into t values ('a;b', 'it''s; fine')", "delete from t");
    }

    @Test
    void semicolonInQuotedIdentifierDoesNotSplit() throws Exception {
        assertThat(sql(split("delete from \"odd;name\" where \"a\"\"b;\" = 1; select 1")))
                .containsExactly("delete from \"odd;name\" where \"a\"\"b;\" = 1", "select 1");
        assertThat(sql(splitMysql("delete from `odd;name`; select 1")))
                .containsExactly("delete from `odd;name`", "select 1");
    }

    @Test
    void semicolonInCommentsDoesNotSplit() throws Exception {
        List<Statement> s = split("""
                -- remove the test org; and its users
                delete from organizations /* acme; globex */ where id = 1;
                /* a block
                   comment; over lines */
                delete from users -- trailing; comment
                ;
                """);

        assertThat(sql(s)).containsExactly(
                "delete from organizations /* acme; globex */ where id = 1",
                "delete from users -- trailing; comment");
        assertThat(s).extracting(Statement::line).containsExactly(2, 5);
    }

    @Test
    void nestedBlockCommentsOutsideMysql() throws Exception {
        assertThat(sql(split("/* outer /* inner; */ still; comment */ delete from t; select 1")))
                .containsExactly("delete from t", "select 1");
    }

    @Test
    void dollarQuotesDoNotSplit() throws Exception {
        String function = """
                create function f() returns trigger as $$
                begin
                  delete from audit; return old;
                end;
                $$ language plpgsql""";
        String tagged = "do $body$ begin perform 1; raise notice '$$'; end $body$";
        List<Statement> s = split(function + ";\n" + tagged + ";\ndelete from t");

        assertThat(sql(s)).containsExactly(function, tagged, "delete from t");
        assertThat(s).extracting(Statement::line).containsExactly(1, 6, 7);
    }

    @Test
    void dollarParameterAndDollarInIdentifierAreNotQuotes() throws Exception {
        assertThat(sql(split("delete from t where id = $1; select a$b$ from t; select 2")))
                .containsExactly("delete from t where id = $1", "select a$b$ from t", "select 2");
    }

    @Test
    void mysqlDelimiterChangesTheDelimiterAndIsNotSent() throws Exception {
        List<Statement> s = splitMysql("""
                delete from logs;
                DELIMITER //
                CREATE PROCEDURE purge()
                BEGIN
                  DELETE FROM a; DELETE FROM b;
                END //
                DELIMITER ;
                CALL purge();
                """);

        assertThat(sql(s)).containsExactly("delete from logs",
                "CREATE PROCEDURE purge()\nBEGIN\n  DELETE FROM a; DELETE FROM b;\nEND", "CALL purge()");
        assertThat(s).extracting(Statement::line).containsExactly(1, 3, 8);
    }

    @Test
    void delimiterDollarDollarInMysql() throws Exception {
        assertThat(sql(splitMysql("delimiter $$\ncreate trigger x before delete on t for each row begin "
                + "delete from u; end$$\ndelimiter ;\nselect 1;")))
                .containsExactly("create trigger x before delete on t for each row begin delete from u; end",
                        "select 1");
    }

    @Test
    void lastStatementNeedsNoDelimiter() throws Exception {
        assertThat(sql(split("delete from a;\ndelete from b where x = 'y'\n")))
                .containsExactly("delete from a", "delete from b where x = 'y'");
    }

    @Test
    void blankAndCommentOnlyStatementsAreSkipped() throws Exception {
        assertThat(sql(split(";;\n  ;\n-- only a comment;\n/* and another */;\n")))
                .isEmpty();
        assertThat(sql(split("\uFEFFdelete from a;;; -- done\n")))
                .containsExactly("delete from a");
    }

    @Test
    void mysqlBackslashEscapesHashCommentsAndConditionalComments() throws Exception {
        assertThat(sql(splitMysql("insert into t values ('it\\'s; ok'); # a comment; here\n"
                + "/*!40101 SET NAMES utf8 */;\n/* plain; */ delete from t")))
                .containsExactly("insert into t values ('it\\'s; ok')", "/*!40101 SET NAMES utf8 */", "delete from t");
    }

    @Test
    void backslashIsPlainInStandardStringsButEscapesInEStrings() throws Exception {
        assertThat(sql(split("select 'C:\\'; select E'a\\'; b'; select 3")))
                .containsExactly("select 'C:\\'", "select E'a\\'; b'", "select 3");
    }

    @Test
    void unterminatedStringIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> split("delete from a;\ndelete from b where x = 'oops;\n"))
                .isInstanceOf(ScriptException.class)
                .hasMessage("line 2: string opened with ' is never closed");
        assertThatThrownBy(() -> split("select $$ never closed"))
                .hasMessageContaining("dollar quote $$ is never closed");
        assertThatThrownBy(() -> split("select 1; /* open"))
                .hasMessageContaining("comment /* is never closed");
    }

    @Test
    void delimiterWithoutArgumentIsAnError() {
        assertThatThrownBy(() -> splitMysql("select 1;\nDELIMITER\nselect 2"))
                .hasMessage("line 2: DELIMITER needs the new delimiter, e.g. DELIMITER //");
    }

    @Test
    void delimiterOnlyAsTheFirstWordOfAStatement() throws Exception {
        assertThat(sql(splitMysql("select delimiter\nfrom t; select 2")))
                .containsExactly("select delimiter\nfrom t", "select 2");
    }

    @Test
    void postgresBeginAtomicBodyIsOneStatement() throws Exception {
        List<Statement> s = split("""
                create function purge(o int) returns void language sql
                begin atomic
                  delete from invoices where order_id = o;
                  delete from order_items where order_id = o;
                end;
                select purge(5);
                """);

        assertThat(s).hasSize(2);
        assertThat(s.get(0).sql()).startsWith("create function purge").endsWith("end");
        assertThat(s.get(1)).isEqualTo(new Statement("select purge(5)", 6));
    }

    @Test
    void sqliteTriggerBodyIsOneStatementAndOtherEndsDoNotCloseIt() throws Exception {
        List<Statement> s = split("""
                CREATE TRIGGER log_delete AFTER DELETE ON orders BEGIN
                  DELETE FROM invoices WHERE order_id = old.id;
                  INSERT INTO log VALUES (CASE WHEN old.id > 3 THEN 'big' ELSE 'small' END);
                END;
                delete from orders where id = 1;
                """);

        assertThat(sql(s)).hasSize(2).last().isEqualTo("delete from orders where id = 1");
        assertThat(s.get(0).sql()).endsWith("END");
    }

    @Test
    void mysqlProcedureBodyWithoutDelimiterKeepsEndIfAndEndCaseInside() throws Exception {
        List<Statement> s = splitMysql("""
                CREATE PROCEDURE p(x INT)
                BEGIN
                  IF x > 0 THEN DELETE FROM t WHERE id = x; END IF;
                  CASE x WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE;
                  WHILE x > 0 DO SET x = x - 1; END WHILE;
                END;
                CALL p(1);
                """);

        assertThat(sql(s)).hasSize(2).last().isEqualTo("CALL p(1)");
        assertThat(s.get(0).sql()).endsWith("END WHILE;\nEND");
    }

    @Test
    void endAndBeginOutsideARoutineStillSplit() throws Exception {
        assertThat(sql(split("begin; delete from t; end; select case when 1 = 1 then 1 end; commit")))
                .containsExactly("begin", "delete from t", "end", "select case when 1 = 1 then 1 end", "commit");
    }

    @Test
    void psqlMetaCommandIsRefusedWithItsLine() {
        assertThatThrownBy(() -> split("-- pg_dump\n\\restrict abc123\nSET x = 1;\n"))
                .isInstanceOf(ScriptException.class)
                .hasMessage("psql meta-command at line 2 (\\restrict): run plain SQL; for pg_dump use --inserts");
    }

    @Test
    void copyFromStdinIsRefusedBeforeItsData() {
        assertThatThrownBy(() -> split("SET x = 1;\nCOPY public.t (id, name) FROM stdin;\n1\tit's\n\\.\n"))
                .isInstanceOf(ScriptException.class)
                .hasMessage("COPY … FROM stdin at line 2 is psql's format: use pg_dump --inserts");
    }

    @Test
    void mariadbExecutableCommentIsAStatementNotAComment() throws Exception {
        assertThat(sql(splitMysql("/*M!100616 SET NOTE_VERBOSITY=0 */;\n/*!40101 SET NAMES utf8mb4 */;\n/* c */ select 1")))
                .containsExactly("/*M!100616 SET NOTE_VERBOSITY=0 */", "/*!40101 SET NAMES utf8mb4 */", "select 1");
    }
}
