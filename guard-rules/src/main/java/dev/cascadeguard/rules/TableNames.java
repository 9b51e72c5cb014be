package dev.cascadeguard.rules;

import java.util.ArrayList;
import java.util.List;

/** Splits {@code schema.table} names, where a part may be quoted as "x", `x` or [x] and then hold dots. */
final class TableNames {

    private TableNames() {
    }

    /** The dot-separated parts without their quotes, or null when a quote is left open. */
    static List<String> split(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char closingQuote = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (closingQuote != 0) {
                if (c == closingQuote) {
                    closingQuote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '`') {
                closingQuote = c;
            } else if (c == '[') {
                closingQuote = ']';
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (closingQuote != 0) {
            return null;
        }
        parts.add(current.toString());
        return parts;
    }
}
