package dev.cascadeguard.driver.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A bounded least-recently-used cache of parse results by SQL text. Applications run the same few hundred
 * statement texts over and over (prepared statements above all), so a small cache removes almost every parse.
 * Parsing happens outside the lock; when two threads parse the same text at once the first stored result wins
 * and both get that same instance.
 */
final class ParseCache {

    private final int capacity;
    private final Map<String, ParsedSql> entries;

    ParseCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024) * 4 / 3 + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ParsedSql> eldest) {
                return size() > ParseCache.this.capacity;
            }
        };
    }

    ParsedSql get(String sql, Function<String, ParsedSql> parser) {
        synchronized (entries) {
            ParsedSql cached = entries.get(sql);
            if (cached != null) {
                return cached;
            }
        }
        ParsedSql parsed = parser.apply(sql);
        synchronized (entries) {
            ParsedSql raced = entries.putIfAbsent(sql, parsed);
            return raced != null ? raced : parsed;
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    int capacity() {
        return capacity;
    }
}
