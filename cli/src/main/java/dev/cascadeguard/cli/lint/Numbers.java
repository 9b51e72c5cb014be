package dev.cascadeguard.cli.lint;

import java.util.Locale;

/** Numbers as people read them: thousands separators, estimates marked with ~. */
public final class Numbers {

    private Numbers() {
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** An estimate: "~1,600", "~0.4"; whole numbers past 10, one decimal below. */
    public static String approx(double n) {
        if (n >= 10 || n == Math.rint(n)) {
            return "~" + count(Math.round(n));
        }
        return "~" + String.format(Locale.ROOT, "%.1f", n);
    }
}
