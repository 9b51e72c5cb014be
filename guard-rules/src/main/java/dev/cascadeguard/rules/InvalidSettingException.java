package dev.cascadeguard.rules;

/**
 * A {@code guard.*} setting that cannot be used: an unknown key, or a value outside what the key allows.
 * Thrown when settings are loaded, so a misconfigured guard fails at connect time rather than guarding
 * with values nobody meant.
 *
 * <p>The message names the key, the value and what is allowed, and where the value came from. It only ever
 * contains {@code guard.*} keys and their values, never another property of the connection.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final String value;
    private final String allowed;
    private final String source;

    /**
     * @param key     the key as written
     * @param value   the value as written, or null when the key itself is the problem
     * @param allowed what would have been accepted, e.g. "a whole number of rows, 0 or more"
     * @param source  where the setting came from, e.g. "system properties", or null when unknown
     */
    public InvalidSettingException(String key, String value, String allowed, String source) {
        super(message(key, value, allowed, source));
        this.key = key;
        this.value = value;
        this.allowed = allowed;
        this.source = source;
    }

    static InvalidSettingException unknownKey(String key, String hint, String knownKeys, String source) {
        String message = "unknown setting " + key
                + (hint == null ? "" : " (did you mean " + hint + "?)")
                + "; known settings: " + knownKeys
                + (source == null ? "" : " (from " + source + ")");
        return new InvalidSettingException(key, null, knownKeys, source, message);
    }

    private InvalidSettingException(String key, String value, String allowed, String source, String message) {
        super(message);
        this.key = key;
        this.value = value;
        this.allowed = allowed;
        this.source = source;
    }

    private static String message(String key, String value, String allowed, String source) {
        return key + " = \"" + value + "\": expected " + allowed + (source == null ? "" : " (from " + source + ")");
    }

    /** The key as written. */
    public String key() {
        return key;
    }

    /** The value as written; null when the key is unknown. */
    public String value() {
        return value;
    }

    /** What the key accepts; for an unknown key, the known keys. */
    public String allowed() {
        return allowed;
    }

    /** Where the setting came from ("connection properties", "system properties", a file), or null. */
    public String source() {
        return source;
    }
}
