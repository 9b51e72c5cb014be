package dev.cascadeguard.rules;

import java.util.List;

/**
 * One setting as {@code Driver.getPropertyInfo} shows it.
 *
 * @param key          the key, e.g. {@code guard.confirmAbove}; per-table keys as {@code guard.table.<name>.confirmAbove}
 * @param value        the value in effect (as text), or null where there is none
 * @param defaultValue the default as text ("none" when unset by default, "" where no default applies)
 * @param choices      the allowed values for keys with a fixed set, else empty
 * @param description  one line for people
 */
public record SettingInfo(String key, String value, String defaultValue, List<String> choices, String description) {
    public SettingInfo {
        choices = List.copyOf(choices);
    }
}
