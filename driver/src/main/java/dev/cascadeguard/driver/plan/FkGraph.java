package dev.cascadeguard.driver.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every table and declared foreign key of one database, indexed for the planner: immutable, shared by every
 * connection to that database.
 */
public final class FkGraph {

    private final Map<TableId, TableInfo> tables;
    private final Map<TableId, List<ForeignKey>> referencing;
    private final Map<String, List<TableId>> byLowerName;
    private final int foreignKeyCount;

    public FkGraph(Collection<TableInfo> tables, Collection<ForeignKey> foreignKeys) {
        Map<TableId, TableInfo> t = new HashMap<>();
        Map<String, List<TableId>> names = new HashMap<>();
        for (TableInfo info : tables) {
            t.put(info.id(), info);
            names.computeIfAbsent(info.id().name().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(info.id());
        }
        Map<TableId, List<ForeignKey>> r = new HashMap<>();
        for (ForeignKey fk : foreignKeys) {
            r.computeIfAbsent(fk.parent(), k -> new ArrayList<>()).add(fk);
        }
        r.replaceAll((k, v) -> List.copyOf(v));
        names.replaceAll((k, v) -> List.copyOf(v));
        this.tables = Map.copyOf(t);
        this.referencing = Map.copyOf(r);
        this.byLowerName = Map.copyOf(names);
        this.foreignKeyCount = foreignKeys.size();
    }

    /** The foreign keys whose parent is {@code table}: the edges a delete of its rows follows. */
    public List<ForeignKey> referencing(TableId table) {
        return referencing.getOrDefault(table, List.of());
    }

    /**
     * The foreign keys referencing {@code table} whose referenced columns include one of {@code setColumns} (names
     * compared ignoring case): the keys an UPDATE setting those columns may change. Empty: it changes no key.
     */
    public List<ForeignKey> referencingAny(TableId table, List<String> setColumns) {
        List<ForeignKey> keys = new java.util.ArrayList<>();
        for (ForeignKey key : referencing(table)) {
            if (key.parentColumns().stream().anyMatch(c -> setColumns.stream().anyMatch(c::equalsIgnoreCase))) {
                keys.add(key);
            }
        }
        return keys;
    }

    public TableInfo table(TableId id) {
        return tables.get(id);
    }

    public Collection<TableInfo> tables() {
        return tables.values();
    }

    public int foreignKeyCount() {
        return foreignKeyCount;
    }

    /** Every table whose name equals {@code name} ignoring case, in any schema. */
    public List<TableId> tablesNamedIgnoreCase(String name) {
        return byLowerName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
