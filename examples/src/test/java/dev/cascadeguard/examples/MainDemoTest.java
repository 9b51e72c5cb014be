package dev.cascadeguard.examples;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the demo once, as a newcomer would, and checks that what it shows is what happened. */
class MainDemoTest {

    private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();
    private static String output;
    private static int status;
    /** The audit events of the first run only: another test runs the demo again. */
    private static List<ILoggingEvent> auditEvents;

    @BeforeAll
    static void runDemo() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger("cascadeguard.audit");
        AUDIT.start();
        audit.addAppender(AUDIT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = MainDemo.run(out, false);
        }
        output = bytes.toString(StandardCharsets.UTF_8);
        auditEvents = List.copyOf(AUDIT.list);
    }

    @AfterAll
    static void detach() {
        ((Logger) LoggerFactory.getLogger("cascadeguard.audit")).detachAppender(AUDIT);
    }

    @Test
    void everyStepWentAsShown() {
        assertThat(status).as(output).isZero();
        assertThat(output).contains("Every step went as shown").doesNotContain("\u001b[");
    }

    @Test
    void theStopNamesEveryTableItReaches() {
        String stop = section(1);
        assertThat(stop).contains("XG001", "SET guard.allow_rows = ");
        // a stop counts every row before it tells the person which override would cover the statement
        assertThat(stop).containsPattern("ORGANIZATIONS +1 row +DELETE")
                .containsPattern("USERS +40 rows +DELETE")
                .containsPattern("ORDERS +1,600 rows +DELETE")
                .containsPattern("ORDER_ITEMS +6,400 rows +DELETE")
                .containsPattern("INVOICES +1,600 rows +DELETE")
                .contains("total: 9,641 rows", "SET guard.allow_rows = 9641");
    }

    @Test
    void nothingChangedAfterTheStop() {
        assertThat(section(2)).containsPattern("organizations +3\n").containsPattern("users +57\n")
                .containsPattern("orders +1,950\n").containsPattern("order_items +7,400\n")
                .containsPattern("invoices +1,950\n").contains("the database never saw the DELETE");
    }

    @Test
    void thePreviewCountsExactlyWhatTheConfirmedDeleteRemoved() {
        assertThat(section(3)).contains("this will delete 1 organization, 40 users, 1,600 orders, 1,600 invoices"
                + " and 6,400 order items (9,641 rows in all)", "allowNext(9641, \"confirmed by typing test-org\")");
        // the demo compares counts before and after with the preview, table by table, and says so
        assertThat(section(4)).containsPattern("organizations +3 +2 +1\n").containsPattern("users +57 +17 +40\n")
                .containsPattern("orders +1,950 +350 +1,600\n").containsPattern("order_items +7,400 +1,000 +6,400\n")
                .containsPattern("invoices +1,950 +350 +1,600\n")
                .contains("every table lost exactly the rows the preview counted");
    }

    @Test
    void theAuditLogRecordsTheStopTheConfirmedDeleteAndTheBlock() {
        List<Map<String, String>> events = auditEvents.stream().map(MainDemoTest::keyValues).toList();
        assertThat(events).extracting(e -> e.get("event") + "/" + e.get("decision"))
                .containsExactly("stopped/CONFIRM", "override-used/LOG", "stopped/BLOCK");
        assertThat(events.get(1)).containsEntry("rows", "9641").containsEntry("overrideReason", "confirmed by typing test-org");
        assertThat(events.get(2)).containsEntry("rule", "guard.table.invoices.blockAbove");
    }

    @Test
    void theProtectedTableDeleteIsBlockedDespiteTheOverride() {
        assertThat(section(5)).contains("SET guard.allow_rows = 1000", "StatementBlockedException, SQLState XG002",
                "guard.table.invoices.blockAbove (0)", "the override did not lift it", "is still there");
    }

    @Test
    void aSecondRunStartsFromTheSameData() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            assertThat(MainDemo.run(out, false)).isZero();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("(9,641 rows in all)");
    }

    /** The output under heading "== n." up to the next heading. */
    private static String section(int n) {
        int start = output.indexOf("== " + n + ".");
        assertThat(start).as("heading %d in%n%s", n, output).isNotNegative();
        int end = output.indexOf("\n== ", start + 1);
        return output.substring(start, end < 0 ? output.length() : end);
    }

    private static Map<String, String> keyValues(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        return pairs.stream().collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value), (a, b) -> b));
    }
}
