package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.ForeignKey;
import dev.cascadeguard.driver.plan.TableId;
import dev.cascadeguard.driver.plan.TableInfo;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The text screen that keeps every UPDATE naming no referenced column off the parser. */
class KeyUpdatesTest {

    private static final TableId P = new TableId("s", "p");
    private static final TableId C = new TableId("s", "c");
    private static final FkGraph GRAPH = new FkGraph(
            List.of(new TableInfo(P, List.of("id"), Map.of(), false), new TableInfo(C, List.of("id"), Map.of(), false)),
            List.of(new ForeignKey("c_fk", C, List.of("pc"), P, List.of("code"), FkAction.RESTRICT, false, false,
                    List.of(), null, FkAction.CASCADE)));

    @Test
    void onlyAnUpdateNamingAReferencedColumnIsACandidate() {
        KeyUpdates screen = new KeyUpdates(() -> GRAPH);
        assertThat(screen.mayChangeKey("SELECT code FROM p WHERE id = ?")).isFalse();
        assertThat(screen.mayChangeKey("INSERT INTO p VALUES (1, 'code')")).isFalse();
        assertThat(screen.mayChangeKey("UPDATE p SET name = ? WHERE id = ?")).isFalse();
        assertThat(screen.mayChangeKey("update p set codes = 1, xcode = 2, code_x = 3")).isFalse();
        assertThat(screen.mayChangeKey("UPDATE p SET code = ? WHERE id = ?")).isTrue();
        assertThat(screen.mayChangeKey("update p set \"CODE\"='x'")).isTrue();
        assertThat(screen.mayChangeKey("select 1; update/**/p set `Code` = 1")).isTrue();
        assertThat(screen.mayChangeKey("UPDATED p SET code = 1")).isFalse();
    }

    @Test
    void aGraphThatCannotBeReadMakesEveryUpdateACandidate() {
        KeyUpdates screen = new KeyUpdates(() -> {
            throw new SQLException("catalog unreadable");
        });
        assertThat(screen.mayChangeKey("UPDATE p SET name = 1")).isTrue();
        assertThat(screen.mayChangeKey("SELECT 1")).isFalse();
    }
}
