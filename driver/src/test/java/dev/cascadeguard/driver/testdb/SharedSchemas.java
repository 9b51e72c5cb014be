package dev.cascadeguard.driver.testdb;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real-world schema corpus in {@code shared/schemas}, a sibling of the repository. Found by walking up from the
 * working directory, so tests run from the repository root or from a module directory alike.
 */
public final class SharedSchemas {

    private SharedSchemas() {
    }

    public static Optional<Path> directory() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("schemas");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The schema file, or the test is skipped with a message when the corpus or the file is not there. */
    public static Path require(String fileName) {
        Optional<Path> file = directory().map(dir -> dir.resolve(fileName)).filter(Files::isRegularFile);
        Assumptions.assumeTrue(file.isPresent(),
                "shared schema " + fileName + " not found in a shared/schemas directory above "
                        + System.getProperty("user.dir") + ": skipping");
        return file.get();
    }
}
