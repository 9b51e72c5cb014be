package dev.cascadeguard.driver.parse;

/** Quoted SQL identifiers as written ({@code "a""b"}, {@code `a``b`}, {@code [a]}) and the names they stand for. */
public final class Identifiers {

    private Identifiers() {
    }

    public static boolean isQuoted(String identifier) {
        return identifier.length() >= 2 && "\"`[".indexOf(identifier.charAt(0)) >= 0;
    }

    /** The name a (possibly quoted) identifier stands for: outer quotes removed, doubled quotes undone. */
    public static String unquote(String identifier) {
        if (!isQuoted(identifier)) {
            return identifier;
        }
        char quote = identifier.charAt(0);
        String inner = identifier.substring(1, identifier.length() - 1);
        return quote == '[' ? inner : inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
    }

    /** A character that can be part of a word of SQL: an unquoted identifier or a keyword. */
    public static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$'
                || c > 127 && Character.isLetterOrDigit(c);
    }

    /**
     * True when some word of {@code text} (a run of {@link #isWordChar} characters), lower-cased, is one of
     * {@code lowerNames}; words longer than {@code longest} are skipped without being copied.
     */
    public static boolean hasWordAmong(String text, java.util.Set<String> lowerNames, int longest) {
        int n = text.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (isWordChar(c)) {
                start = start < 0 ? i : start;
            } else if (start >= 0) {
                if (i - start <= longest
                        && lowerNames.contains(text.substring(start, i).toLowerCase(java.util.Locale.ROOT))) {
                    return true;
                }
                start = -1;
            }
        }
        return false;
    }
}
