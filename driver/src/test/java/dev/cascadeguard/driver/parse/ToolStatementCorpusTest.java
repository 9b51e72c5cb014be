package dev.cascadeguard.driver.parse;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every destructive or schema statement collected from real tools ({@code tool-statements.tsv}: Hibernate's schema
 * export, Flyway's migrate and clean, Liquibase's dropAll, Spring's ScriptUtils and JdbcTestUtils, jOOQ, on all four
 * databases) is read as recorded there: none is refused as unreadable, and each names what it drops. The same
 * tools run for real against the guard in the compat-tests module.
 */
class ToolStatementCorpusTest {

    private final SqlParser parser = new SqlParser();

    static String reading(ParsedStatement s) {
        if (s instanceof ParsedStatement.Drop d) {
            return "DROP " + d.objectType() + (d.names().isEmpty() ? "" : " " + d.names())
                    + (d.cascade() ? " CASCADE" : "");
        }
        if (s instanceof ParsedStatement.Truncate t) {
            return "TRUNCATE " + t.tables() + (t.cascade() ? " CASCADE" : "");
        }
        if (s instanceof ParsedStatement.DropColumns c) {
            return "DROP COLUMN " + c.table() + " " + c.columns() + (c.ifExists() ? " IF EXISTS" : "");
        }
        if (s instanceof ParsedStatement.Delete d) {
            return "DELETE " + d.targets().stream().map(t -> t.table().toString()).toList()
                    + (d.hasWhere() ? "" : " (no WHERE)");
        }
        if (s instanceof ParsedStatement.Unparseable u) {
            return "UNPARSEABLE " + u.problem();
        }
        if (s instanceof ParsedStatement.Other o) {
            return o.ddl() ? "SCHEMA CHANGE" : "OTHER";
        }
        return s.getClass().getSimpleName();
    }

    @Test
    void everyCollectedStatementIsReadAsRecorded() throws IOException {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (String line : corpus()) {
            String[] f = line.split("\t");
            List<String> readings = new ArrayList<>();
            for (ParsedStatement s : parser.parse(f[2]).statements()) {
                readings.add(reading(s));
            }
            String actual = String.join(" ; ", readings);
            if (!actual.equals(f[3])) {
                mismatches.add(f[0] + "/" + f[1] + ": " + f[2] + "\n  expected " + f[3] + "\n  but was  " + actual);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(250);
        assertThat(mismatches).isEmpty();
        assertThat(corpus()).noneMatch(l -> l.contains("UNPARSEABLE"));
    }

    private static List<String> corpus() throws IOException {
        try (InputStream in = ToolStatementCorpusTest.class.getResourceAsStream("/parse/tool-statements.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
