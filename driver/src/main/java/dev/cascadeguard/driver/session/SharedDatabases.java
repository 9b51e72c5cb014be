package dev.cascadeguard.driver.session;

import dev.cascadeguard.driver.dialect.Dialect;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link SharedDatabase} of each database the driver has connected to, by key (URL and user). There is at
 * most one per key while any connection uses it: DDL through one connection must invalidate the graph every other
 * connection to that database reads, so two live guards for one database would let one serve a stale graph.
 * <p>
 * Entries do not live forever (a routing DataSource or a multi-tenant application may reach thousands of
 * databases over a run): a guard is held weakly, so it goes once no open connection holds it, except for the
 * {@code recent} most recently connected databases, held strongly so that an application that opens a
 * connection per unit of work (no pool) does not reload its graph every time.
 */
final class SharedDatabases {

    /** Makes a database's guard; may query the connection's metadata. */
    interface Factory {
        Dialect dialect() throws SQLException;
    }

    private static final class Entry extends WeakReference<SharedDatabase> {
        final String key;

        Entry(String key, SharedDatabase guard, ReferenceQueue<SharedDatabase> queue) {
            super(guard, queue);
            this.key = key;
        }
    }

    private final int recentLimit;
    private final Map<String, Entry> live = new HashMap<>();
    private final ReferenceQueue<SharedDatabase> collected = new ReferenceQueue<>();
    private final LinkedHashMap<String, SharedDatabase> recent;

    SharedDatabases(int recentLimit) {
        this.recentLimit = recentLimit;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SharedDatabase> eldest) {
                return size() > SharedDatabases.this.recentLimit;
            }
        };
    }

    /** The guard of {@code key}'s database, made with {@code factory} when no connection holds one. */
    SharedDatabase get(String key, Factory factory) throws SQLException {
        SharedDatabase guard = lookup(key);
        if (guard != null) {
            return guard;
        }
        // made outside the lock: detecting the dialect may ask the driver, which must not stall other connects
        SharedDatabase made = new SharedDatabase(factory.dialect());
        synchronized (this) {
            guard = lookup(key);
            if (guard == null) {
                live.put(key, new Entry(key, made, collected));
                guard = made;
            }
            recent.put(key, guard);
            return guard;
        }
    }

    private synchronized SharedDatabase lookup(String key) {
        expunge();
        Entry entry = live.get(key);
        SharedDatabase guard = entry == null ? null : entry.get();
        if (guard != null) {
            recent.put(key, guard);
        }
        return guard;
    }

    /** Drops the keys whose guards were collected (and not since replaced). */
    private void expunge() {
        for (var ref = collected.poll(); ref != null; ref = collected.poll()) {
            Entry entry = (Entry) ref;
            live.remove(entry.key, entry);
        }
    }

    /** The number of databases with a guard still reachable: for tests. */
    synchronized int size() {
        expunge();
        live.values().removeIf(e -> e.get() == null);
        return live.size();
    }

    synchronized void clear() {
        live.clear();
        recent.clear();
    }
}
