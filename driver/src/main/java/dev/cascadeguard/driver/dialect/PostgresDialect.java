package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL 11 and later, from {@code pg_catalog} in two queries: tables, then foreign-key columns.
 *
 * <p>Only declared foreign keys are read ({@code conparentid = 0}): PostgreSQL clones the foreign key of a
 * partitioned table onto every partition, and the foreign key referencing a partitioned table once per partition
 * of it; counting each clone would multiply the cascade. Partitions themselves are left out for the same reason:
 * their rows are counted through the partitioned table.
 */
public final class PostgresDialect implements Dialect {

    private static final String NOT_SYSTEM_SCHEMA =
            "n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'"
                    + " and n.nspname not like 'pg\\_temp%'";

    private static final String TABLES = """
            select n.nspname, c.relname,
                   (select array_agg(a.attname order by k.ord)
                      from pg_constraint pk
                      cross join unnest(pk.conkey) with ordinality as k(attnum, ord)
                      join pg_attribute a on a.attrelid = pk.conrelid and a.attnum = k.attnum
                     where pk.conrelid = c.oid and pk.contype = 'p') as primary_key,
                   exists (select 1 from pg_trigger t
                            where t.tgrelid = c.oid and not t.tgisinternal and (t.tgtype & 8) <> 0)
                   or exists (select 1 from pg_rewrite r where r.ev_class = c.oid and r.ev_type = '4')
                     as has_delete_trigger
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
             where c.relkind in ('r', 'p') and not c.relispartition and %s
            """.formatted(NOT_SYSTEM_SCHEMA);

    /** One row per key column, in key order; {@code %s} is where PostgreSQL 15's SET NULL (col) list is read. */
    private static final String FOREIGN_KEY_COLUMNS = """
            select f.oid, f.conname, n.nspname, child.relname, pn.nspname, parent.relname,
                   f.confdeltype, f.condeferrable, f.condeferred, k.ord,
                   ca.attname, pa.attname, ca.attnotnull, pg_get_expr(d.adbin, d.adrelid),
                   %s as in_set_list
              from pg_constraint f
              join pg_class child on child.oid = f.conrelid
              join pg_namespace n on n.oid = child.relnamespace
              join pg_class parent on parent.oid = f.confrelid
              join pg_namespace pn on pn.oid = parent.relnamespace
             cross join unnest(f.conkey, f.confkey) with ordinality as k(child_attnum, parent_attnum, ord)
              join pg_attribute ca on ca.attrelid = f.conrelid and ca.attnum = k.child_attnum
              join pg_attribute pa on pa.attrelid = f.confrelid and pa.attnum = k.parent_attnum
              left join pg_attrdef d on d.adrelid = ca.attrelid and d.adnum = ca.attnum
             where f.contype = 'f' and f.conparentid = 0 and %s
             order by f.oid, k.ord
            """;

    /**
     * The table columns that DROP ... CASCADE of a type, domain or extension drops: every column whose type depends
     * on the dropped objects, followed through pg_depend (arrays of a type, domains over it, an extension's
     * member types). {@code %s} is the start: (classid, objid) rows of the dropped objects.
     */
    private static final String DEPENDENT_COLUMNS = """
            with recursive dropped(classid, objid, objsubid) as (
                %s
              union
                select d.classid, d.objid, d.objsubid
                  from pg_depend d join dropped p on d.refclassid = p.classid and d.refobjid = p.objid
                 where p.objsubid = 0 and d.deptype in ('n', 'a', 'i', 'e')
            )
            select n.nspname, c.relname, a.attname
              from dropped x
              join pg_class c on x.classid = 'pg_class'::regclass and c.oid = x.objid and c.relkind = 'r'
              join pg_namespace n on n.oid = c.relnamespace
              join pg_attribute a on a.attrelid = c.oid and a.attnum = x.objsubid and not a.attisdropped
             where x.objsubid > 0
             order by 1, 2, a.attnum
            """;
    private static final String DROPPED_TYPES =
            "select 'pg_type'::regclass::oid, t::oid, 0 from unnest(?::text[]) n, to_regtype(n) t where t is not null";
    private static final String DROPPED_EXTENSIONS =
            "select 'pg_extension'::regclass::oid, e.oid, 0 from pg_extension e where e.extname = any(?::text[])";

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\"\\s*:\\s*([0-9.eE+]+)");

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public Map<TableId, List<String>> columnsDroppedWith(Connection connection, String objectType,
                                                         List<TableName> names) throws SQLException {
        boolean extension = "EXTENSION".equals(objectType);
        if (!extension && !"TYPE".equals(objectType) && !"DOMAIN".equals(objectType)) {
            return Map.of();
        }
        String[] written = new String[names.size()];
        for (int i = 0; i < written.length; i++) {
            TableName n = names.get(i);
            String bare = n.quoted() ? quote(n.name()) : n.name();
            written[i] = extension ? (n.quoted() ? n.name() : n.name().toLowerCase(Locale.ROOT))
                    : n.schema() == null ? bare : quote(n.schema()) + "." + bare;
        }
        Map<TableId, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                DEPENDENT_COLUMNS.formatted(extension ? DROPPED_EXTENSIONS : DROPPED_TYPES))) {
            query.setArray(1, connection.createArrayOf("text", written));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.computeIfAbsent(new TableId(rows.getString(1), rows.getString(2)), t -> new ArrayList<>())
                            .add(quote(rows.getString(3)));
                }
            }
        }
        return columns;
    }

    @Override
    public FkGraph loadGraph(Connection connection) throws SQLException {
        GraphBuilder graph = new GraphBuilder();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(TABLES)) {
                while (rows.next()) {
                    TableId table = new TableId(rows.getString(1), rows.getString(2));
                    graph.table(table).primaryKey(table, stringList(rows.getArray(3)));
                    if (rows.getBoolean(4)) {
                        graph.deleteTrigger(table);
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery(foreignKeyQuery(serverVersion(connection)))) {
                while (rows.next()) {
                    addForeignKeyColumn(graph, rows);
                }
            }
        }
        return graph.build();
    }

    private static void addForeignKeyColumn(GraphBuilder graph, ResultSet rows) throws SQLException {
        TableId child = new TableId(rows.getString(3), rows.getString(4));
        TableId parent = new TableId(rows.getString(5), rows.getString(6));
        int position = rows.getInt(10);
        String childColumn = rows.getString(11);
        GraphBuilder.KeyParts key = graph.foreignKey(rows.getLong(1), rows.getString(2), child, parent,
                        FkAction.parse(rows.getString(7)))
                .deferrable(rows.getBoolean(8), rows.getBoolean(9))
                .column(position, childColumn, rows.getString(12));
        if (rows.getBoolean(15)) {
            key.setColumn(position, childColumn);
        }
        graph.column(child, childColumn, !rows.getBoolean(13), rows.getString(14));
    }

    static String foreignKeyQuery(int serverVersionNum) {
        // confdelsetcols only exists from PostgreSQL 15; null or empty means "every referencing column".
        String inSetList = serverVersionNum >= 150000 ? "coalesce(ca.attnum = any(f.confdelsetcols), false)" : "false";
        return FOREIGN_KEY_COLUMNS.formatted(inSetList, NOT_SYSTEM_SCHEMA);
    }

    private static int serverVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select current_setting('server_version_num')::int")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static java.util.List<String> stringList(Array array) throws SQLException {
        if (array == null) {
            return java.util.List.of();
        }
        try {
            return java.util.List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    @Override
    public String currentSchemaExpression() {
        return "current_schema()";
    }

    @Override
    public TableId resolve(TableName name, String currentSchema, FkGraph graph) {
        return TableResolver.resolveFolding(name, currentSchema, graph, s -> s.toLowerCase(Locale.ROOT));
    }

    @Override
    public String quote(String identifier) {
        return TableResolver.quoteWith("\"", identifier);
    }

    @Override
    public String rowIdentity() {
        return "ctid";
    }

    @Override
    public TableId temporaryTable(Connection connection, TableName name) throws SQLException {
        if (name.schema() != null && !name.schema().toLowerCase(java.util.Locale.ROOT).startsWith("pg_temp")) {
            return null;
        }
        String table = name.quoted() ? name.name() : name.name().toLowerCase(java.util.Locale.ROOT);
        try (PreparedStatement ps = connection.prepareStatement("select n.nspname from pg_class c join pg_namespace n"
                + " on n.oid = c.relnamespace where n.oid = pg_my_temp_schema() and c.relname = ?")) {
            ps.setString(1, table);
            try (ResultSet rows = ps.executeQuery()) {
                return rows.next() ? new TableId(rows.getString(1), table) : null;
            }
        }
    }

    /**
     * The planner overestimates recursive CTEs over unanalyzed tables, the total cost passes jit_above_cost, and
     * LLVM compiles for seconds a count that runs in milliseconds (measured: 2,300 ms vs 24 ms). JIT exists from 11.
     */
    @Override
    public String countingSettings(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion() >= 11 ? "SET LOCAL jit = off" : null;
    }

    @Override
    public boolean batchesStatements() {
        return true;
    }

    @Override
    public CascadeSemantics semantics() {
        return new CascadeSemantics(false, false, true, true, false, 0);
    }

    @Override
    public String explainQuery(String select) {
        return "EXPLAIN (FORMAT JSON) " + select;
    }

    @Override
    public long explainedRows(ResultSet firstRow) throws SQLException {
        return topPlanRows(firstRow.getString(1));
    }

    /** The first "Plan Rows" of EXPLAIN's JSON is the top node's: a node lists its own fields before "Plans". */
    static long topPlanRows(String explainJson) {
        Matcher matcher = PLAN_ROWS.matcher(explainJson == null ? "" : explainJson);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }
}
