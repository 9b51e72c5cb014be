package dev.cascadeguard.rules;

/**
 * A {@code guard.*} JVM system property that is no guard setting, left unused. System properties are shared by
 * every tool in the JVM, so a stray {@code -Dguard.something} of another tool must not fail every connection;
 * unknown keys the user wrote for the guard itself (connection properties, a rules file) still do.
 *
 * @param key        the system property's key as written (its value is never kept: it may be another tool's secret)
 * @param nearestKey the known setting whose key is closest to it, for a "did you mean" hint
 */
public record IgnoredSetting(String key, String nearestKey) {
}
