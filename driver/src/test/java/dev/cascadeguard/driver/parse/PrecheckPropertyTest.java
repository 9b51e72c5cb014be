package dev.cascadeguard.driver.parse;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrecheckPropertyTest {

    private static final List<String> KEYWORDS = List.of("delete", "truncate", "drop");
    private static final List<String> SEPARATORS = List.of(" ", "\t", "\n", "\r\n", "\u00a0", "/* c */",
            "/**/", "-- c\n", "/* a /* nested */ b */", "(", "/*!", "/*!50000", ";", "*/");
    private static final List<String> PREFIXES = List.of("", "SELECT 1;", "SELECT ';';", "WITH d AS (",
            "EXPLAIN ANALYZE ", "SELECT \"x;\" FROM t;", "SELECT $$;$$;", "SELECT 'it''s';");

    @Property(tries = 500)
    void aDestructiveKeywordIsNeverPlain(@ForAll("decorated") String sql) {
        assertThat(Precheck.classify(sql)).isEqualTo(Precheck.Result.CHECK);
    }

    @Provide
    Arbitrary<String> decorated() {
        Arbitrary<String> keyword = Arbitraries.of(KEYWORDS).flatMap(PrecheckPropertyTest::randomCase);
        Arbitrary<String> before = Arbitraries.of(SEPARATORS).list().ofMinSize(0).ofMaxSize(4)
                .map(l -> String.join("", l));
        Arbitrary<String> after = Arbitraries.of(SEPARATORS).list().ofMinSize(1).ofMaxSize(4)
                .map(l -> String.join("", l));
        Arbitrary<String> prefix = Arbitraries.of(PREFIXES);
        Arbitrary<String> tail = Arbitraries.of(" FROM t WHERE id = ?", "TABLE t", " t", "");
        return Combinators.combine(prefix, before, keyword, after, tail)
                .as((p, b, k, a, t) -> p + b + k + a + t);
    }

    private static Arbitrary<String> randomCase(String word) {
        return Arbitraries.of(true, false).list().ofSize(word.length()).map(flags -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                out.append(flags.get(i) ? Character.toUpperCase(c) : c);
            }
            return out.toString();
        });
    }
}
