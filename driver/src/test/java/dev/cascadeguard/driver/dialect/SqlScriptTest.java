package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.testdb.SqlScript;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared script runner's statement splitting (it lives in testdb; tested here with the dialect suite). */
class SqlScriptTest {

    @Test
    void splitsOnlyAtTopLevelSemicolons() {
        String script = """
                -- a comment; not a statement
                create table a (s varchar(10) default 'x;y', "q;" int); /* block; comment */
                create function f() returns int language sql as $body$ select 1; $body$;
                insert into a values (E'it\\'s; fine', 1);
                create trigger t after delete on a begin delete from b; delete from c; end;
                /*!40101 SET NAMES utf8 */;
                """;
        assertThat(SqlScript.split(script, false)).hasSize(5)
                .satisfies(s -> assertThat(s.get(0)).contains("'x;y'").contains("\"q;\""))
                .satisfies(s -> assertThat(s.get(1)).endsWith("$body$"))
                .satisfies(s -> assertThat(s.get(2)).contains("fine"))
                .satisfies(s -> assertThat(s.get(3)).endsWith("end"))
                .satisfies(s -> assertThat(s.get(4)).startsWith("/*!40101"));
    }

    @Test
    void backslashEscapesForMariaDb() {
        assertThat(SqlScript.split("insert into a values ('a\\';b'); select 1", true)).hasSize(2);
        assertThat(SqlScript.split("select `a;b` from t; select 2;", true)).hasSize(2);
    }
}
