package dev.cascadeguard.driver.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of the user's SQL, re-rendered, that the estimator copies into its counting SQL.
 *
 * @param text       SQL text with JDBC {@code ?} placeholders
 * @param parameters for each {@code ?} in {@code text}, in order, the 1-based index of the user's bound
 *                   parameter it stands for
 */
public record SqlFragment(String text, List<Integer> parameters) {
    public static final SqlFragment EMPTY = new SqlFragment("", List.of());

    public SqlFragment {
        parameters = List.copyOf(parameters);
    }

    public static SqlFragment of(String text) {
        return new SqlFragment(text, List.of());
    }

    public SqlFragment append(SqlFragment other) {
        List<Integer> all = new ArrayList<>(parameters);
        all.addAll(other.parameters);
        return new SqlFragment(text + other.text, all);
    }

    public SqlFragment append(String moreText) {
        return new SqlFragment(text + moreText, parameters);
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }
}
