package dev.cascadeguard.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pictures of the demo schema (docs/demo-schema.sql, the seed article's shop on H2), read back by real tools:
 * Graphviz {@code dot} renders the DOT output to SVG (skipped with a message where dot is not installed: {@code
 * apt-get install graphviz}); the Mermaid output is rendered by Mermaid's CLI {@code mmdc} where it is on the PATH,
 * and otherwise checked for structure (every line a node, an arrow between declared nodes, or a style).
 */
class PictureRenderTest {

    private static final String DELETE = "DELETE FROM organizations WHERE name = 'test-org'";

    private static String demoUrl() {
        Path script = repositoryFile("docs/demo-schema.sql");
        return "jdbc:h2:mem:picture" + System.nanoTime() + ";INIT=RUNSCRIPT FROM '"
                + script.toString().replace("\\", "/") + "'";
    }

    private static Path rules() {
        return repositoryFile("docs/demo-guard.properties");
    }

    @Test
    void graphvizRendersTheDotOfExplainAndLint() throws Exception {
        assumeTool("dot", "-V");
        CliRun explain = CliRun.of("explain", "--url", demoUrl(), "--rules", rules().toString(), "--exact",
                "--format", "dot", DELETE);
        assertThat(explain.exitCode()).as(explain.err()).isEqualTo(3); // invoices are protected: BLOCK
        String svg = run(explain.out(), "dot", "-Tsvg");
        assertThat(svg).contains("<svg", ">ORGANIZATIONS</text>", ">40 rows · DELETE</text>",
                ">1,600 rows · DELETE</text>", ">6,400 rows · DELETE</text>",
                ">protected: guard.table.invoices.blockAbove=0</text>");

        CliRun lint = CliRun.of("lint", "--url", demoUrl(), "--rules", rules().toString(), "--format", "dot");
        assertThat(lint.exitCode()).as(lint.err()).isEqualTo(0);
        assertThat(run(lint.out(), "dot", "-Tsvg")).contains("<svg", ">~19 rows · CASCADE</text>",
                ">~2,467 rows · CASCADE</text>");
    }

    @Test
    void mermaidOfExplainAndLintParses() throws Exception {
        CliRun explain = CliRun.of("explain", "--url", demoUrl(), "--exact", "--format", "mermaid", DELETE);
        CliRun lint = CliRun.of("lint", "--url", demoUrl(), "--format", "mermaid");
        for (CliRun run : List.of(explain, lint)) {
            assertThat(run.err()).isEmpty();
            checkStructure(run.out());
        }
        assertThat(explain.out()).contains("-->|\"6,400 rows · DELETE\"|");
        if (!available("mmdc", "--version")) {
            System.err.println("Mermaid CLI (mmdc) not on the PATH: Mermaid output checked for structure only "
                    + "(PUPPETEER_SKIP_DOWNLOAD=1 npm install -g @mermaid-js/mermaid-cli, with Chromium installed, "
                    + "renders it)");
            return;
        }
        for (CliRun run : List.of(explain, lint)) {
            assertThat(mermaidSvg(run.out())).contains("<svg", "ORGANIZATIONS");
        }
        assertThat(mermaidSvg(explain.out())).contains("6,400 rows · DELETE");
    }

    /**
     * Renders with mmdc in headless Chromium: Debian's /usr/bin/chromium where puppeteer has none of its own, without
     * the sandbox, which refuses to start as root (a container).
     */
    private static String mermaidSvg(String mermaid) throws Exception {
        Path in = Files.createTempFile("cascade", ".mmd");
        Path out = Path.of(in + ".svg");
        Path config = Path.of(in + ".json");
        try {
            Files.writeString(in, mermaid);
            Files.writeString(config, "{\"args\": [\"--no-sandbox\"]}");
            ProcessBuilder builder = new ProcessBuilder("mmdc", "-q", "-p", config.toString(), "-i", in.toString(),
                    "-o", out.toString()).redirectErrorStream(true);
            if (System.getenv("PUPPETEER_EXECUTABLE_PATH") == null && Files.isExecutable(Path.of("/usr/bin/chromium"))) {
                builder.environment().put("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium");
            }
            Process p = builder.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("mmdc: " + log).isZero();
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(in);
            Files.deleteIfExists(out);
            Files.deleteIfExists(config);
        }
    }

    /** The picture in README.md is the rendered demo: it names the demo's tables and exact counts. */
    @Test
    void theReadmePictureIsTheRenderedDemo() throws IOException {
        String svg = Files.readString(repositoryFile("docs/cascade-demo.svg"));
        assertThat(svg).startsWith("<?xml").contains("Generated by graphviz", ">6,400 rows · DELETE</text>");
        assertThat(Files.readString(repositoryFile("README.md"))).contains("![", "docs/cascade-demo.svg");
    }

    private static final Pattern NODE = Pattern.compile("  (n\\d+)\\[\"[^\"]*\"]");
    private static final Pattern EDGE = Pattern.compile("  (n\\d+) (-->|-\\.->)\\|\"[^\"]*\"\\| (n\\d+)");
    private static final Pattern CLASS_DEF = Pattern.compile("  classDef [A-Za-z]+ [a-z-]+:.+");
    private static final Pattern CLASS = Pattern.compile("  class ((?:n\\d+,)*n\\d+) [A-Za-z]+");

    /** Mermaid's flowchart grammar as far as the output uses it: nodes first, arrows between them, styles. */
    private static void checkStructure(String mermaid) {
        List<String> lines = mermaid.lines().toList();
        assertThat(lines.get(0)).isEqualTo("flowchart LR");
        Set<String> nodes = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            Matcher node = NODE.matcher(line);
            Matcher edge = EDGE.matcher(line);
            Matcher classes = CLASS.matcher(line);
            if (node.matches()) {
                nodes.add(node.group(1));
            } else if (edge.matches()) {
                assertThat(nodes).as(line).contains(edge.group(1), edge.group(3));
            } else if (classes.matches()) {
                assertThat(nodes).as(line).containsAll(List.of(classes.group(1).split(",")));
            } else {
                assertThat(line).as("a Mermaid flowchart line").matches(CLASS_DEF);
            }
        }
        assertThat(nodes).isNotEmpty();
    }

    private static void assumeTool(String... command) {
        Assumptions.assumeTrue(available(command), command[0] + " not installed (Graphviz: apt-get install graphviz): "
                + "skipping");
    }

    private static boolean available(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs a tool with {@code input} on stdin; fails on a non-zero exit or anything on stderr. */
    private static String run(String input, String... command) throws Exception {
        Path err = Files.createTempFile("tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(err)).as(command[0] + " stderr").isEmpty();
            assertThat(p.exitValue()).as(command[0] + " exit code").isZero();
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** A file of this repository, found from the module or the root directory. */
    static Path repositoryFile(String relative) {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + System.getProperty("user.dir"));
    }
}
