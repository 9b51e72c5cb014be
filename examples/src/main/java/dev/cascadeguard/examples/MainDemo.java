package dev.cascadeguard.examples;

import dev.cascadeguard.driver.ConfirmationRequiredException;
import dev.cascadeguard.driver.GuardConnection;
import dev.cascadeguard.driver.StatementBlockedException;
import dev.cascadeguard.report.CascadeReport;
import dev.cascadeguard.report.RowFormat;
import dev.cascadeguard.report.TableEffect;

import java.io.Console;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The main demo: the seed article's careless {@code DELETE FROM organizations WHERE name = 'test-org'} stopped
 * before the database sees it, then the same delete done deliberately (preview, confirm, allow exactly what was
 * previewed), then a protected table that no override opens. Every step checks its own outcome, so the demo
 * exits non-zero if the guard ever behaves differently from what it shows.
 */
public final class MainDemo {

    static final String SEED_DELETE = "DELETE FROM organizations WHERE name = '" + DemoDatabase.TEST_ORG + "'";
    private static final String DELETE_BY_NAME = "DELETE FROM organizations WHERE name = ?";
    private static final int OVERRIDE_TRIED_ON_PROTECTED_TABLE = 1000;

    /** A fresh database per run, so that running twice in one JVM (the tests do) starts from the same data. */
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final PrintStream out;
    private final Style style;
    private final boolean interactive;
    private final DemoDatabase db;

    private MainDemo(PrintStream out, Style style, boolean interactive, DemoDatabase db) {
        this.out = out;
        this.style = style;
        this.interactive = interactive;
        this.db = db;
    }

    /** {@code --interactive}: type the organization's name yourself (needs a console) instead of watching it typed. */
    public static void main(String[] args) throws Exception {
        boolean interactive = Arrays.asList(args).contains("--interactive") && System.console() != null;
        int status = run(System.out, Style.forThisTerminal(), interactive);
        System.out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The demo without colour: what the tests run. 0 when every step went as shown, else 1. */
    static int run(PrintStream out, boolean interactive) throws SQLException {
        return run(out, Style.plain(), interactive);
    }

    static int run(PrintStream out, Style style, boolean interactive) throws SQLException {
        long started = System.nanoTime();
        int n = RUNS.incrementAndGet();
        try (DemoDatabase db = DemoDatabase.create(n == 1 ? "demo" : "demo" + n)) {
            MainDemo demo = new MainDemo(out, style, interactive, db);
            out.println("CascadeGuard demo: " + db.guardedUrl());
            out.println("settings: cascade-guard.properties on the class path (guard.logAbove=100, guard.confirmAbove=1000)");
            out.println();
            Map<String, Long> start = db.counts();
            boolean ok = demo.seedDeleteIsStopped()
                    & demo.nothingChanged(start)
                    & demo.deleteWithConfirmation(start)
                    & demo.protectedTableStaysShut();
            long millis = (System.nanoTime() - started) / 1_000_000;
            out.println(ok ? style.good("Every step went as shown (" + RowFormat.count(millis) + " ms).")
                    : style.bad("Some step did not go as shown: see above."));
            return ok ? 0 : 1;
        }
    }

    private boolean seedDeleteIsStopped() throws SQLException {
        out.println(style.heading("1. The seed's DELETE is stopped before the database sees it"));
        out.println("  " + SEED_DELETE);
        try (Connection connection = db.openGuarded(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(SEED_DELETE);
            out.println(style.bad("  it ran: the guard did not stop it"));
            return false;
        } catch (ConfirmationRequiredException e) {
            out.println(style.bad("  stopped: " + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState()));
            out.println();
            out.println(Style.indent(e.getMessage()));
            out.println();
            return true;
        }
    }

    private boolean nothingChanged(Map<String, Long> start) throws SQLException {
        out.println(style.heading("2. Row counts: unchanged"));
        Map<String, Long> now = db.counts();
        out.print(Style.counts(now));
        boolean unchanged = now.equals(start);
        out.println(unchanged ? "  the database never saw the DELETE" : style.bad("  rows changed!"));
        out.println();
        return unchanged;
    }

    /**
     * How an application deletes on purpose: preview, show it, have a person confirm, then allow exactly the
     * previewed rows. If rows were added in between, the delete needs more than was allowed and is stopped
     * again, rather than taking what nobody saw.
     */
    private boolean deleteWithConfirmation(Map<String, Long> before) throws SQLException {
        out.println(style.heading("3. Two-phase delete: preview, confirm, allow exactly what was previewed"));
        CascadeReport preview;
        try (Connection connection = db.openGuarded()) {
            GuardConnection guard = connection.unwrap(GuardConnection.class);
            preview = guard.preview(DELETE_BY_NAME, DemoDatabase.TEST_ORG).reports().get(0);
            out.println("  preview: " + PreviewSentence.of(preview) + " ("
                    + RowFormat.rows(preview.totalRows()) + " in all)");
            if (!confirmed()) {
                out.println(style.bad("  not confirmed: nothing deleted, and the rest of the story needs the delete"));
                out.println();
                return false;
            }
            guard.allowNext(preview.totalRows(), "confirmed by typing " + DemoDatabase.TEST_ORG);
            out.println("  allowNext(" + preview.totalRows() + ", \"confirmed by typing " + DemoDatabase.TEST_ORG + "\")");
            try (PreparedStatement delete = connection.prepareStatement(DELETE_BY_NAME)) {
                delete.setString(1, DemoDatabase.TEST_ORG);
                int organizations = delete.executeUpdate();
                out.println(style.good("  deleted: " + PreviewSentence.noun("organizations", organizations)
                        .replaceFirst("^", organizations + " ") + ", and the database cascaded the rest"));
            }
        }
        out.println();
        return countsMatchPreview(before, preview);
    }

    private boolean confirmed() {
        String prompt = "  Type the organization's name to confirm: ";
        if (interactive) {
            // a few tries, as a real confirmation dialog would allow; end of input means no
            Console console = System.console();
            for (int attempt = 0; attempt < 3; attempt++) {
                String typed = console.readLine("%s", prompt);
                if (typed == null) {
                    return false;
                }
                if (DemoDatabase.TEST_ORG.equals(typed.strip())) {
                    return true;
                }
                out.println("  that is not the organization's name: type " + DemoDatabase.TEST_ORG);
            }
            return false;
        }
        out.println(prompt + DemoDatabase.TEST_ORG);
        return true;
    }

    private boolean countsMatchPreview(Map<String, Long> before, CascadeReport preview) throws SQLException {
        out.println(style.heading("4. Row counts after: exactly what the preview said"));
        Map<String, Long> after = db.counts();
        out.print(Style.counts(before, after));
        Map<String, Long> previewed = new LinkedHashMap<>();
        DemoDatabase.TABLES.forEach(t -> previewed.put(t, 0L));
        for (TableEffect e : preview.effects()) {
            if (e.action().changesRows()) {
                previewed.merge(e.table().toLowerCase(), e.rows(), Long::sum);
            }
        }
        Map<String, Long> deleted = new LinkedHashMap<>();
        before.forEach((table, n) -> deleted.put(table, n - after.get(table)));
        boolean matches = deleted.equals(previewed);
        out.println(matches ? "  every table lost exactly the rows the preview counted"
                : style.bad("  the preview said " + previewed + " but " + deleted + " went"));
        out.println("  the [audit] lines above are the guard's audit events (logger cascadeguard.audit, via Logback):");
        out.println("  the stop in step 1 and the confirmed delete in step 3, with key-value pairs for log pipelines");
        out.println();
        return matches;
    }

    /**
     * A table no amount of confirming may touch. The rule comes as a connection property on this connection only:
     * in cascade-guard.properties it would also block step 3, because deleting an organization reaches invoices.
     */
    private boolean protectedTableStaysShut() throws SQLException {
        out.println(style.heading("5. A protected table: no override lifts a BLOCK"));
        long orderId = db.firstOrderOf(DemoDatabase.OTHER_ORG);
        String delete = "DELETE FROM orders WHERE id = " + orderId;
        Properties settings = new Properties();
        settings.setProperty("guard.table.invoices.blockAbove", "0");
        out.println("  connection property guard.table.invoices.blockAbove=0 (any invoice row touched: block)");
        try (Connection connection = db.openGuarded(settings); Statement statement = connection.createStatement()) {
            String override = "SET guard.allow_rows = " + OVERRIDE_TRIED_ON_PROTECTED_TABLE;
            statement.execute(override);
            out.println("  " + override);
            out.println("  " + delete);
            statement.executeUpdate(delete);
            out.println(style.bad("  it ran: the protected table was not protected"));
            return false;
        } catch (StatementBlockedException e) {
            out.println(style.bad("  blocked: " + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState()));
            out.println();
            out.println(Style.indent(e.getMessage()));
            out.println();
            boolean survived = db.orderExists(orderId);
            out.println("  the override did not lift it; order " + orderId + (survived ? " is still there" : " is gone!"));
            out.println();
            return survived;
        }
    }
}
