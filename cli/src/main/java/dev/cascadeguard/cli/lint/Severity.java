package dev.cascadeguard.cli.lint;

import java.util.Locale;

/** How much a finding matters; {@code --fail-on} gates on it. Ordered from least to most. */
public enum Severity {
    INFO, WARN, ERROR;

    /** The contract's spelling: info, warn, error. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
