package dev.cascadeguard.driver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver's packages depend on each other in one direction only: the conductor ({@code session}) uses the
 * wrappers ({@code intercept}) and the stages ({@code parse}, {@code bind}, {@code plan}, {@code estimate},
 * {@code act}); every implementation package may use the public API in the root package, and the root reaches the
 * implementation only through the {@code spi} service, never by name. Read from the sources: every reference to
 * another package of {@code dev.cascadeguard} (imports, wildcard imports and qualified names) is an edge.
 */
class PackageCycleTest {

    private static final Pattern REFERENCE = Pattern.compile(
            "\\bdev\\.cascadeguard\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.(?:[A-Z]|\\*)");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+dev\\.cascadeguard\\.([a-z0-9.]+);", Pattern.MULTILINE);

    @Test
    void noPackageCycles() throws IOException {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("../guard-rules/src/main/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = code(Files.readString(file));
                    Matcher declared = PACKAGE.matcher(source);
                    if (!declared.find()) {
                        continue;
                    }
                    String from = declared.group(1);
                    Set<String> to = edges.computeIfAbsent(from, k -> new TreeSet<>());
                    Matcher m = REFERENCE.matcher(source.substring(declared.end()));
                    while (m.find()) {
                        if (!m.group(1).equals(from)) {
                            to.add(m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(edges).as("packages read").containsKeys("driver", "driver.intercept", "rules");
        assertThat(cycles(edges)).as("package cycles (each line: packages that depend on each other)").isEmpty();
    }

    /** The source without comments, strings and text blocks: a name in a message or in Javadoc is no dependency. */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = end < 0 ? n : end + 3;
                out.append("\"\"");
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                int j = i + 1;
                while (j < n && source.charAt(j) != quote) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = Math.min(n, j + 1);
                out.append(quote).append(quote);
            } else {
                out.append(source.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Strongly connected components of more than one package (Tarjan). */
    private static List<Set<String>> cycles(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String node : edges.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, edges, index, low, stack, onStack, components, counter);
            }
        }
        return components.stream().filter(c -> c.size() > 1).toList();
    }

    private static void connect(String node, Map<String, Set<String>> edges, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, edges, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }
}
