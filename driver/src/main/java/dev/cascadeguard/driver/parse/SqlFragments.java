package dev.cascadeguard.driver.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text rendered by JSqlParser back into {@link SqlFragment}s. Before parsing, every JDBC {@code ?} of the
 * user's string is rewritten as {@code ?N}, N being its 1-based position among all the {@code ?} of the whole
 * original string; JSqlParser keeps such numbered placeholders as written, so a rendered piece of the tree still
 * says which user parameter each placeholder stands for, whatever clause it came from.
 */
final class SqlFragments {

    private SqlFragments() {
    }

    /** {@code rendered} with each {@code ?N} turned back into {@code ?}, N listed in order. */
    static SqlFragment fromRendered(String rendered) {
        List<Integer> parameters = new ArrayList<>();
        StringBuilder text = new StringBuilder(rendered.length());
        int copied = 0;
        for (SqlLexer.Token token : SqlLexer.standard(rendered).tokens()) {
            if (token.kind() == SqlLexer.Kind.NUMBERED_PARAMETER) {
                text.append(rendered, copied, token.start() + 1);
                parameters.add(Integer.parseInt(rendered.substring(token.start() + 1, token.end())));
                copied = token.end();
            }
        }
        text.append(rendered, copied, rendered.length());
        return new SqlFragment(text.toString(), parameters);
    }

    /** Several rendered pieces joined by {@code separator}. */
    static SqlFragment join(List<String> rendered, String separator) {
        return fromRendered(String.join(separator, rendered));
    }
}
