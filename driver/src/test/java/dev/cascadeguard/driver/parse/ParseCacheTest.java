package dev.cascadeguard.driver.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParseCacheTest {

    @Test
    void sameTextGivesTheSameInstance() {
        SqlParser parser = new SqlParser();
        ParsedSql first = parser.parse("DELETE FROM t WHERE id = ?");
        assertThat(parser.parse(new String("DELETE FROM t WHERE id = ?"))).isSameAs(first);
    }

    @Test
    void boundIsRespectedAndRecentlyUsedEntriesStay() {
        SqlParser parser = new SqlParser(3);
        ParsedSql kept = parser.parse("DELETE FROM t WHERE id = 0");
        for (int i = 1; i <= 10; i++) {
            parser.parse("DELETE FROM t WHERE id = " + i);
            assertThat(parser.parse("DELETE FROM t WHERE id = 0")).isSameAs(kept);
        }
        assertThat(parser.cachedEntries()).isEqualTo(3);
        assertThat(parser.parse("DELETE FROM t WHERE id = 1")).isNotSameAs(parser.parse("DELETE FROM t WHERE id = 2"));
    }

    @Test
    void capacityMustBePositive() {
        assertThatThrownBy(() -> new SqlParser(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
