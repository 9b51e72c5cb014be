package dev.cascadeguard.rules;

import dev.cascadeguard.rules.SettingsParser.RawSetting;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads the settings layers, highest first: connection properties, system properties, a rules file, defaults.
 *
 * <p>Strictness follows who wrote the key. Connection properties and rules files are written for the guard, so an
 * unknown {@code guard.*} key there fails. JVM system properties are shared with every other tool in the process,
 * so an unknown key there is handed to {@code ignored} and left unused; a known key with a bad value still fails
 * (it is plainly meant for the guard, and guarding with a value nobody meant is worse than not connecting).
 */
final class SettingsLoader {

    static final String CLASS_PATH_FILE = "cascade-guard.properties";
    private static final String GUARD_PREFIX = "guard.";

    private SettingsLoader() {
    }

    static GuardSettings load(Properties connection, Properties system, ClassLoader classLoader,
                              Consumer<IgnoredSetting> ignored) {
        Map<String, RawSetting> fromConnection = guardSettings(connection, "connection properties");
        Map<String, RawSetting> fromSystem = guardSettings(system, "system properties", ignored);

        RawSetting rules = fromConnection.getOrDefault(Setting.RULES.key, fromSystem.get(Setting.RULES.key));
        Map<String, RawSetting> fromFile = Map.of();
        String rulesFile = "";
        if (rules == null) {
            URL url = classLoader == null ? null : classLoader.getResource(CLASS_PATH_FILE);
            if (url != null) {
                rulesFile = url.toString();
                fromFile = guardSettings(readClassPathFile(url), "class path " + CLASS_PATH_FILE);
            }
        } else if (!rules.value().isEmpty()) {
            // An empty guard.rules means "no file at all", so a caller can shut out a stray class-path file.
            Path path = existingFile(rules);
            rulesFile = path.toString();
            fromFile = guardSettings(readFile(path, rules), "file " + path);
        }
        RawSetting nested = fromFile.get(Setting.RULES.key);
        if (nested != null) {
            throw new InvalidSettingException(nested.key(), nested.value(),
                    "guard.rules in connection properties or system properties, not inside a rules file", nested.source());
        }

        Map<String, RawSetting> merged = new LinkedHashMap<>(fromFile);
        merged.putAll(fromSystem);
        merged.putAll(fromConnection);
        return SettingsParser.parse(merged.values(), rulesFile);
    }

    /** The {@code guard.*} entries of one layer, keyed by what they set; every other entry is left unread. */
    static Map<String, RawSetting> guardSettings(Properties properties, String source) {
        return guardSettings(properties, source, null);
    }

    /** As {@link #guardSettings(Properties, String)}; unknown keys go to {@code unknown} when it is not null. */
    private static Map<String, RawSetting> guardSettings(Properties properties, String source,
                                                         Consumer<IgnoredSetting> unknown) {
        Map<String, RawSetting> settings = new LinkedHashMap<>();
        if (properties == null) {
            return settings;
        }
        // Sorted, so that which of two bad keys is reported does not depend on hashing.
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            // Any case, so that "Guard.mode" is reported as a typo instead of being silently ignored.
            if (!key.regionMatches(true, 0, GUARD_PREFIX, 0, GUARD_PREFIX.length())) {
                continue;
            }
            if (unknown != null && !SettingsParser.isKnown(key)) {
                unknown.accept(new IgnoredSetting(key, SettingsParser.nearestKey(key)));
                continue;
            }
            String value = properties.getProperty(key).trim();
            String identity = SettingsParser.identity(key, value, source);
            RawSetting earlier = settings.put(identity, new RawSetting(key, value, source));
            if (earlier != null) {
                throw new InvalidSettingException(key, value,
                        "one key per setting, but " + earlier.key() + " sets the same one", source);
            }
        }
        return settings;
    }

    private static Path existingFile(RawSetting rules) {
        String allowed = "the path of an existing, readable properties file";
        try {
            Path path = Path.of(rules.value());
            if (Files.isRegularFile(path) && Files.isReadable(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // reported below like any other path that leads nowhere
        }
        throw new InvalidSettingException(rules.key(), rules.value(), allowed, rules.source());
    }

    private static Properties readFile(Path path, RawSetting rules) {
        try {
            return parse(Files.readAllBytes(path));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(rules.key(), rules.value(),
                    "a readable properties file (" + e.getMessage() + ")", rules.source());
        }
    }

    private static Properties readClassPathFile(URL url) {
        try (InputStream in = url.openStream()) {
            return parse(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(Setting.RULES.key, url.toString(),
                    "a readable properties file (" + e.getMessage() + ")", "class path " + CLASS_PATH_FILE);
        }
    }

    /** UTF-8 if the bytes are valid UTF-8, else ISO-8859-1 (what older properties files use), as ResourceBundle does. */
    private static Properties parse(byte[] bytes) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notUtf8) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return properties;
    }
}
