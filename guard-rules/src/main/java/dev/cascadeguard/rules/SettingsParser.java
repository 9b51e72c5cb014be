package dev.cascadeguard.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Turns {@code guard.*} key/value pairs into {@link GuardSettings}, failing on anything it does not know. */
final class SettingsParser {

    /** One setting as written, with where it came from for error messages. */
    record RawSetting(String key, String value, String source) {
    }

    /** A per-table key taken apart. */
    record TableKey(String schema, String table, RuleAction action) {
    }

    private static final String ROWS = "a whole number of rows, 0 or more";

    private SettingsParser() {
    }

    /**
     * What the key sets, as a string equal for keys that set the same thing: per-table keys differ in case and
     * quoting ({@code guard.table.Users.*}, {@code guard.table."users".*}) yet name one table, and the
     * higher layer must replace the lower one rather than stand beside it.
     */
    static String identity(String key, String value, String source) {
        if (key.startsWith(Setting.TABLE_PREFIX)) {
            TableKey t = tableKey(key, value, source);
            String schema = t.schema() == null ? "" : t.schema().toLowerCase(Locale.ROOT);
            return Setting.TABLE_PREFIX + schema + '\u0000' + t.table().toLowerCase(Locale.ROOT) + '\u0000' + t.action();
        }
        if (Setting.byKey(key) != null) {
            return key;
        }
        throw unknown(key, hintFor(key), source);
    }

    static GuardSettings parse(Collection<RawSetting> settings, String rulesFile) {
        GuardSettings d = GuardSettings.defaults();
        GuardMode mode = d.mode();
        long logAbove = d.logAbove();
        long confirmAbove = d.confirmAbove();
        OptionalLong blockAbove = d.blockAbove();
        RuleAction deleteWithoutWhere = d.deleteWithoutWhere();
        RuleAction truncate = d.truncate();
        RuleAction drop = d.drop();
        RuleAction onEstimateError = d.onEstimateError();
        RuleAction sqliteForeignKeysOff = d.sqliteForeignKeysOff();
        boolean allowSqlOverride = d.allowSqlOverride();
        long metadataTtlSeconds = d.metadataTtlSeconds();
        long estimateTimeoutMs = d.estimateTimeoutMs();
        boolean auditParameters = d.auditParameters();
        List<String> listeners = d.listeners();
        List<TableThreshold> tables = new ArrayList<>();

        for (RawSetting s : settings) {
            String key = s.key();
            String value = s.value();
            if (key.startsWith(Setting.TABLE_PREFIX)) {
                TableKey t = tableKey(key, value, s.source());
                tables.add(new TableThreshold(key, t.schema(), t.table(), t.action(), number(s, ROWS)));
                continue;
            }
            Setting setting = Setting.byKey(key);
            if (setting == null) {
                throw unknown(key, hintFor(key), s.source());
            }
            switch (setting) {
                case MODE -> mode = mode(s);
                case LOG_ABOVE -> logAbove = number(s, ROWS);
                case CONFIRM_ABOVE -> confirmAbove = number(s, ROWS);
                case BLOCK_ABOVE -> blockAbove = value.equalsIgnoreCase("none")
                        ? OptionalLong.empty() : OptionalLong.of(number(s, ROWS + ", or none"));
                case DELETE_WITHOUT_WHERE -> deleteWithoutWhere = action(s);
                case TRUNCATE -> truncate = action(s);
                case DROP -> drop = action(s);
                case SQLITE_FOREIGN_KEYS_OFF -> sqliteForeignKeysOff = action(s);
                case ON_ESTIMATE_ERROR -> onEstimateError = onEstimateError(s);
                case ALLOW_SQL_OVERRIDE -> allowSqlOverride = bool(s);
                case METADATA_TTL_SECONDS -> metadataTtlSeconds = number(s, "a whole number of seconds, 0 or more");
                case ESTIMATE_TIMEOUT_MS -> estimateTimeoutMs = number(s, "a whole number of milliseconds, 0 or more");
                case AUDIT_PARAMETERS -> auditParameters = bool(s);
                case LISTENERS -> listeners = classNames(s);
                case RULES -> {
                    // Read by the loader before parsing; its value is the file itself, reported as rulesFile.
                }
            }
        }
        return new GuardSettings(mode, logAbove, confirmAbove, blockAbove, tables, deleteWithoutWhere, truncate, drop,
                onEstimateError, allowSqlOverride, metadataTtlSeconds, estimateTimeoutMs, auditParameters, listeners,
                rulesFile, sqliteForeignKeysOff);
    }

    /** Comma-separated Java class names; whether they load is the driver's to find out, not the rules'. */
    private static List<String> classNames(RawSetting s) {
        List<String> names = new ArrayList<>();
        for (String part : s.value().split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!name.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
                throw new InvalidSettingException(s.key(), s.value(), "comma-separated Java class names", s.source());
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    static TableKey tableKey(String key, String value, String source) {
        String rest = key.substring(Setting.TABLE_PREFIX.length());
        int lastDot = rest.lastIndexOf('.');
        String suffix = lastDot < 0 ? "" : rest.substring(lastDot + 1);
        RuleAction action;
        if (suffix.equals(Setting.CONFIRM_SUFFIX)) {
            action = RuleAction.CONFIRM;
        } else if (suffix.equals(Setting.BLOCK_SUFFIX)) {
            action = RuleAction.BLOCK;
        } else {
            throw unknown(key, hintFor(key), source);
        }
        List<String> parts = TableNames.split(rest.substring(0, lastDot));
        if (parts == null || parts.isEmpty() || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new InvalidSettingException(key, value, "a key of the form guard.table.<table>." + suffix
                    + " or guard.table.<schema>.<table>." + suffix, source);
        }
        return parts.size() == 1
                ? new TableKey(null, parts.get(0), action)
                : new TableKey(parts.get(0), parts.get(1), action);
    }

    /** True for a fixed key or a well-formed per-table key's suffix ({@code guard.table.<..>.confirmAbove}). */
    static boolean isKnown(String key) {
        if (Setting.byKey(key) != null) {
            return true;
        }
        if (!key.startsWith(Setting.TABLE_PREFIX)) {
            return false;
        }
        String suffix = key.substring(key.lastIndexOf('.') + 1);
        return suffix.equals(Setting.CONFIRM_SUFFIX) || suffix.equals(Setting.BLOCK_SUFFIX);
    }

    /** The known key closest to {@code key}: the case-insensitive match if any, else the fewest edits apart. */
    static String nearestKey(String key) {
        return nearestKey(key, Integer.MAX_VALUE);
    }

    /** As {@link #nearestKey(String)}, or null when no key is within {@code maxEdits} edits (ignoring case). */
    private static String nearestKey(String key, int maxEdits) {
        String hint = hintFor(key);
        if (hint != null) {
            return hint;
        }
        List<String> candidates = new ArrayList<>();
        for (Setting s : Setting.values()) {
            candidates.add(s.key);
        }
        candidates.add(Setting.TABLE_CONFIRM_KEY);
        candidates.add(Setting.TABLE_BLOCK_KEY);
        String lower = key.toLowerCase(Locale.ROOT);
        String nearest = null;
        int best = maxEdits == Integer.MAX_VALUE ? maxEdits : maxEdits + 1;
        for (String candidate : candidates) {
            int distance = editDistance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < best) {
                best = distance;
                nearest = candidate;
            }
        }
        return nearest;
    }

    /** Levenshtein distance, two rows at a time. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String hintFor(String key) {
        for (Setting s : Setting.values()) {
            if (s.key.equalsIgnoreCase(key)) {
                return s.key;
            }
        }
        if (key.regionMatches(true, 0, Setting.TABLE_PREFIX, 0, Setting.TABLE_PREFIX.length())) {
            String rest = key.substring(Setting.TABLE_PREFIX.length());
            int lastDot = rest.lastIndexOf('.');
            String suffix = lastDot < 0 ? "" : rest.substring(lastDot + 1);
            if (suffix.equalsIgnoreCase(Setting.CONFIRM_SUFFIX)) {
                return Setting.TABLE_PREFIX + rest.substring(0, lastDot + 1) + Setting.CONFIRM_SUFFIX;
            }
            if (suffix.equalsIgnoreCase(Setting.BLOCK_SUFFIX)) {
                return Setting.TABLE_PREFIX + rest.substring(0, lastDot + 1) + Setting.BLOCK_SUFFIX;
            }
        }
        return null;
    }

    /** A typo of at most two edits is worth a "did you mean"; anything further off is another key altogether. */
    private static InvalidSettingException unknown(String key, String hint, String source) {
        String typoOf = hint != null ? hint : nearestKey(key, 2);
        return InvalidSettingException.unknownKey(key, typoOf, Setting.knownKeys(), source);
    }

    private static long number(RawSetting s, String allowed) {
        String v = s.value();
        boolean digits = !v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException tooLarge) {
                // falls through to the same message as any other bad number
            }
        }
        throw invalid(s, allowed);
    }

    private static RuleAction action(RawSetting s) {
        for (RuleAction a : RuleAction.values()) {
            if (a.name().equalsIgnoreCase(s.value())) {
                return a;
            }
        }
        throw invalid(s, "one of ALLOW, LOG, CONFIRM, BLOCK (any case)");
    }

    private static RuleAction onEstimateError(RawSetting s) {
        if (s.value().equalsIgnoreCase("BLOCK")) {
            return RuleAction.BLOCK;
        }
        if (s.value().equalsIgnoreCase("ALLOW")) {
            return RuleAction.ALLOW;
        }
        throw invalid(s, "BLOCK or ALLOW (any case)");
    }

    private static GuardMode mode(RawSetting s) {
        for (GuardMode m : GuardMode.values()) {
            if (m.name().equalsIgnoreCase(s.value())) {
                return m;
            }
        }
        throw invalid(s, "one of enforce, warn, off (any case)");
    }

    private static boolean bool(RawSetting s) {
        if (s.value().equalsIgnoreCase("true")) {
            return true;
        }
        if (s.value().equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(s, "true or false");
    }

    private static InvalidSettingException invalid(RawSetting s, String allowed) {
        return new InvalidSettingException(s.key(), s.value(), allowed, s.source());
    }
}
