package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.TableName;
import dev.cascadeguard.driver.plan.FkAction;
import dev.cascadeguard.driver.plan.FkGraph;
import dev.cascadeguard.driver.plan.TableId;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
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

    /** Handles PostgreSQL; the catalog queries need 11 or later, which older servers fail on (closed). */
    public static final class Provider implements DialectProvider {
        @Override
        public boolean handles(DatabaseMetaData metaData) throws SQLException {
            return Dialects.product(metaData).startsWith("postgresql");
        }

        @Override
        public Dialect create(DatabaseMetaData metaData) {
            return new PostgresDialect();
        }
    }

    /** EXPLAIN (FORMAT JSON): the planner's estimate stands in when counting times out. */
    private static final PlannerEstimates EXPLAIN = new PlannerEstimates() {
        @Override
        public String explainQuery(String select) {
            return "EXPLAIN (FORMAT JSON) " + select;
        }

        @Override
        public long explainedRows(ResultSet firstRow) throws SQLException {
            return topPlanRows(firstRow.getString(1));
        }
    };

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
                   %s as in_set_list,
                   case when parent.relkind = 'r' then
                     (select min(t.tgname) from pg_trigger t
                       where t.tgconstraint = f.oid and t.tgrelid = f.confrelid and (t.tgtype & 8) <> 0)
                   end as delete_trigger,
                   f.confupdtype
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
     * Everything a DROP takes with it, followed through pg_depend from the dropped objects ({@code %s}: their
     * (classid, objid, 0) rows): with CASCADE every dependency, without it only the automatic, internal and
     * extension-member ones (which PostgreSQL drops anyway). An attribute of a composite type leads on to the columns
     * of that type; a generation expression to its generated column. The result: tables dropped whole (objsubid 0)
     * and table columns dropped.
     */
    private static final String DEPENDENTS = """
            with recursive dropped(classid, objid, objsubid) as (
                %s
              union
                select x.classid, x.objid, x.objsubid
                  from dropped p cross join lateral (
                    select d.classid, d.objid, d.objsubid from pg_depend d
                     where p.objsubid = 0 and d.refclassid = p.classid and d.refobjid = p.objid
                       and d.deptype = any(?::"char"[])
                    union all
                    select 'pg_type'::regclass::oid, c.reltype, 0 from pg_class c
                     where p.classid = 'pg_class'::regclass and p.objsubid > 0 and c.oid = p.objid and c.relkind = 'c'
                    union all
                    select 'pg_class'::regclass::oid, ad.adrelid, ad.adnum from pg_attrdef ad
                      join pg_attribute a on a.attrelid = ad.adrelid and a.attnum = ad.adnum and a.attgenerated <> ''
                     where p.classid = 'pg_attrdef'::regclass and ad.oid = p.objid
                  ) x
            )
            select distinct n.nspname, c.relname, a.attname
              from dropped x
              join pg_class c on x.classid = 'pg_class'::regclass and c.oid = x.objid and c.relkind = 'r'
              join pg_namespace n on n.oid = c.relnamespace
              left join pg_attribute a on a.attrelid = c.oid and a.attnum = x.objsubid and x.objsubid > 0
                                      and not a.attisdropped
             where x.objsubid = 0 or a.attname is not null
            """;

    /** How each kind of dropped object is found from its name as written; null where none is looked up. */
    private static String droppedObjects(String objectType) {
        String names = "unnest(?::text[]) n";
        return switch (objectType) {
            case "TABLE" -> "select 'pg_class'::regclass::oid, o, 0 from " + names + ", to_regclass(n) o where o is not null";
            case "SCHEMA" -> "select 'pg_namespace'::regclass::oid, o, 0 from " + names
                    + ", to_regnamespace(n) o where o is not null";
            case "TYPE", "DOMAIN" -> "select 'pg_type'::regclass::oid, o, 0 from " + names
                    + ", to_regtype(n) o where o is not null";
            case "FUNCTION", "PROCEDURE", "ROUTINE", "AGGREGATE" -> "select 'pg_proc'::regclass::oid, o, 0 from "
                    + names + ", coalesce(to_regprocedure(n), case when strpos(n, '(') = 0 then to_regproc(n) end) o"
                    + " where o is not null";
            case "COLLATION" -> "select 'pg_collation'::regclass::oid, o, 0 from " + names
                    + ", to_regcollation(n) o where o is not null";
            case "EXTENSION" -> "select 'pg_extension'::regclass::oid, e.oid, 0 from " + names
                    + " join pg_extension e on e.extname = case when n like '\"%' then btrim(n, '\"') else lower(n) end";
            case "ACCESS METHOD" -> "select 'pg_am'::regclass::oid, m.oid, 0 from " + names
                    + " join pg_am m on m.amname = case when n like '\"%' then btrim(n, '\"') else lower(n) end";
            default -> null;
        };
    }

    /** Objects whose CASCADE may reach table data along ways the guard does not follow: such a DROP fails closed. */
    private static final java.util.Set<String> UNFOLLOWED_CASCADES = java.util.Set.of("LANGUAGE", "CAST", "OPERATOR",
            "OPERATOR CLASS", "OPERATOR FAMILY", "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY",
            "TEXT SEARCH PARSER", "TEXT SEARCH TEMPLATE", "CONVERSION", "TRANSFORM", "SERVER", "FOREIGN DATA WRAPPER");

    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\"\\s*:\\s*([0-9.eE+]+)");

    @Override
    public String name() {
        return "PostgreSQL";
    }

    @Override
    public Optional<DroppedObjects> droppedWith(Connection connection, String objectType, List<String> written,
                                                boolean cascade) throws SQLException {
        if (cascade && UNFOLLOWED_CASCADES.contains(objectType)) {
            return Optional.empty();
        }
        String start = droppedObjects(objectType);
        if (start == null || written.isEmpty() || "TABLE".equals(objectType) && !cascade) {
            return Optional.of(DroppedObjects.NONE); // a plain DROP TABLE takes its own rows, counted apart
        }
        Set<TableId> tables = new LinkedHashSet<>();
        Map<TableId, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(DEPENDENTS.formatted(start))) {
            query.setArray(1, connection.createArrayOf("text", written.toArray()));
            query.setArray(2, connection.createArrayOf("char", cascade
                    ? new String[]{"n", "a", "i", "e"} : new String[]{"a", "i", "e"}));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    TableId table = new TableId(rows.getString(1), rows.getString(2));
                    String column = rows.getString(3);
                    if (column == null) {
                        tables.add(table);
                    } else {
                        columns.computeIfAbsent(table, t -> new ArrayList<>()).add(quote(column));
                    }
                }
            }
        }
        tables.forEach(columns::remove);
        return Optional.of(new DroppedObjects(tables, columns));
    }

    @Override
    public DestructiveCode destructiveCode(Connection connection) throws SQLException {
        return CodeCatalogs.postgres(connection);
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
                .onUpdate(FkAction.parse(rows.getString(17)))
                .deferrable(rows.getBoolean(8), rows.getBoolean(9))
                .column(position, childColumn, rows.getString(12))
                // RI events of one row fire in trigger-name order (strcmp), not in oid order; a partitioned
                // parent fires its partitions' cloned triggers instead, whose order is not read: unknown (null)
                .processingOrder(rows.getString(16));
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
    public Optional<String> currentSchemaExpression() {
        return Optional.of("current_schema()");
    }

    @Override
    public Optional<ViewInfo> view(Connection connection, TableName name, String currentSchema) throws SQLException {
        return ViewCatalogs.postgres(connection, name);
    }

    @Override
    public TableId resolve(TableName name, String currentSchema, FkGraph graph) {
        return TableResolver.resolveFolding(name, currentSchema, graph, s -> s.toLowerCase(Locale.ROOT));
    }

    @Override
    public String quote(String identifier) {
        return TableResolver.quoteWith("\"", identifier);
    }

    /**
     * PostgreSQL fires the action when the stored value changes, not only when it compares unequal: numeric 1 → 1.00,
     * a case change under a nondeterministic collation or citext (measured). Their text forms tell that apart; a value
     * written in another text form than the stored one (a timestamp, an upper-case uuid string) counts as changed,
     * which can only over-count.
     */
    @Override
    public List<String> keyChanged(String old) {
        return List.of(old + "::text IS DISTINCT FROM (", ")::text");
    }

    @Override
    public Optional<String> rowIdentity() {
        return Optional.of("ctid");
    }

    @Override
    public Optional<TableId> temporaryTable(Connection connection, TableName name) throws SQLException {
        if (name.schema() != null && !name.schema().toLowerCase(java.util.Locale.ROOT).startsWith("pg_temp")) {
            return Optional.empty();
        }
        String table = name.quoted() ? name.name() : name.name().toLowerCase(java.util.Locale.ROOT);
        try (PreparedStatement ps = connection.prepareStatement("select n.nspname from pg_class c join pg_namespace n"
                + " on n.oid = c.relnamespace where n.oid = pg_my_temp_schema() and c.relname = ?")) {
            ps.setString(1, table);
            try (ResultSet rows = ps.executeQuery()) {
                return rows.next() ? Optional.of(new TableId(rows.getString(1), table)) : Optional.empty();
            }
        }
    }

    /**
     * The planner overestimates recursive CTEs over unanalyzed tables, the total cost passes jit_above_cost, and
     * LLVM compiles for seconds a count that runs in milliseconds (measured: 2,300 ms vs 24 ms). JIT exists from 11.
     */
    @Override
    public Optional<String> countingSettings(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion() >= 11 ? Optional.of("SET LOCAL jit = off")
                : Optional.empty();
    }

    @Override
    public boolean batchesStatements() {
        return true;
    }

    @Override
    public KeyChangeSemantics keyChangeSemantics() {
        return new KeyChangeSemantics(true, false, false, false);
    }

    @Override
    public CascadeSemantics semantics() {
        return new CascadeSemantics(false, true, true, false, 0, CheckOrder.QUEUED_BREADTH_FIRST);
    }

    @Override
    public Optional<PlannerEstimates> plannerEstimates() {
        return Optional.of(EXPLAIN);
    }

    /** The first "Plan Rows" of EXPLAIN's JSON is the top node's: a node lists its own fields before "Plans". */
    static long topPlanRows(String explainJson) {
        Matcher matcher = PLAN_ROWS.matcher(explainJson == null ? "" : explainJson);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }
}
