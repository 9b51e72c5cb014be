package dev.cascadeguard.driver.oracle;

import dev.cascadeguard.driver.testdb.TestDatabase;
import dev.cascadeguard.driver.testdb.TestDb;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.cascadeguard.driver.oracle.Sql.fk;

/**
 * Random cycles of cascades: 2–5 tables in a ring ({@link CycleOracleTest#ring}), sometimes a second CASCADE key
 * across the ring and a SET NULL child below it, filled with row chains 2–30 deep that run around the ring, some
 * closed into cycles of rows and some linked to each other; a DELETE by a random predicate on a random table of the
 * ring. The guard's prediction must equal what the database deletes and changes ({@link Oracle}).
 * <p>
 * MariaDB: chains stay within its 15-level cascade limit and have no cross links (InnoDB follows a cascade depth
 * first, so a link could make a path deeper than the chain); see docs/database-semantics.md §2.
 */
class CycleOracleProperties {

    @Property(tries = 15, seed = "7", shrinking = ShrinkingMode.OFF)
    void h2(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long seed) throws Exception {
        runCase(TestDatabase.H2, seed);
    }

    @Property(tries = 15, seed = "77", shrinking = ShrinkingMode.OFF)
    void sqlite(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long seed) throws Exception {
        runCase(TestDatabase.SQLITE, seed);
    }

    @Property(tries = 15, seed = "777", shrinking = ShrinkingMode.OFF)
    void postgres(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long seed) throws Exception {
        if (!TestDatabase.POSTGRES.reachableOrSay()) {
            return; // jqwik has no per-try skip: PostgreSQL absent (outside CI) means this property checks nothing
        }
        runCase(TestDatabase.POSTGRES, seed);
    }

    @Property(tries = 10, seed = "7777", shrinking = ShrinkingMode.OFF)
    void mariadb(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long seed) throws Exception {
        if (!TestDatabase.MARIADB.reachableOrSay()) {
            return; // see postgres()
        }
        runCase(TestDatabase.MARIADB, seed);
    }

    record Case(List<String> setup, List<String> tables, List<String> deletes) {
    }

    static Case generate(TestDatabase kind, long seed) {
        Random r = new Random(seed);
        boolean mariadb = kind == TestDatabase.MARIADB;
        int k = 2 + r.nextInt(4);
        List<String> setup = new ArrayList<>(CycleOracleTest.ring(kind, k));
        List<String> tables = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            tables.add("t" + i);
        }
        // sometimes a chord: t{from}.q references t{to}.id ON DELETE CASCADE, inside the same cycle
        int chordFrom = !mariadb && r.nextBoolean() ? r.nextInt(k) : -1;
        int chordTo = r.nextInt(k);
        if (chordFrom >= 0) {
            setup.add("alter table t" + chordFrom + " add column q int");
            if (kind == TestDatabase.SQLITE) { // no ADD CONSTRAINT: the chord is added as a column with REFERENCES
                setup.set(setup.size() - 1, "alter table t" + chordFrom + " add column q int references t" + chordTo
                        + "(id) on delete cascade");
            } else {
                setup.add("alter table t" + chordFrom + " add " + fk("fk_q", "q", "t" + chordTo, "id", "cascade"));
            }
        }
        boolean setNullChild = r.nextBoolean();
        int childOf = r.nextInt(k);
        if (setNullChild) {
            setup.add("create table c (id int primary key, f int, " + fk("fk_c", "f", "t" + childOf, "id", "set null")
                    + ")");
            tables.add("c");
        }
        int[] nextId = new int[k];
        List<String> inserts = new ArrayList<>();
        List<String> links = new ArrayList<>();
        List<int[]> elements = new ArrayList<>(); // {table, id}
        int chains = 1 + r.nextInt(4);
        for (int chain = 0; chain < chains; chain++) {
            int length = 2 + r.nextInt(mariadb ? 13 : 29);
            int start = r.nextInt(k);
            int[] previous = null;
            int[] first = null;
            for (int j = 0; j < length; j++) {
                int t = (start + j) % k;
                int[] element = {t, ++nextId[t]};
                inserts.add("insert into t" + t + " (id, p) values (" + element[1] + ", null)");
                if (previous != null) {
                    links.add("update t" + t + " set p = " + previous[1] + " where id = " + element[1]);
                } else {
                    first = element;
                }
                previous = element;
                elements.add(element);
            }
            // sometimes the chain closes into a cycle of rows (possible when it ends just before its start table)
            if (r.nextInt(3) == 0 && (previous[0] + 1) % k == first[0]) {
                links.add("update t" + first[0] + " set p = " + previous[1] + " where id = " + first[1]);
            }
        }
        if (!mariadb) { // cross links between chains, through the ring's own key
            int crossLinks = r.nextInt(3);
            for (int x = 0; x < crossLinks; x++) {
                int[] child = elements.get(r.nextInt(elements.size()));
                int parentTable = (child[0] + k - 1) % k;
                links.add("update t" + child[0] + " set p = " + (1 + r.nextInt(Math.max(1, nextId[parentTable])))
                        + " where id = " + child[1] + " and p is null");
            }
        }
        if (chordFrom >= 0) {
            for (int[] e : elements) {
                if (e[0] == chordFrom && r.nextInt(3) == 0 && nextId[chordTo] > 0) {
                    links.add("update t" + chordFrom + " set q = " + (1 + r.nextInt(nextId[chordTo])) + " where id = "
                            + e[1]);
                }
            }
        }
        if (setNullChild) {
            int rows = 1 + r.nextInt(6);
            for (int i = 1; i <= rows; i++) {
                String parent = nextId[childOf] == 0 ? "null" : String.valueOf(1 + r.nextInt(nextId[childOf]));
                inserts.add("insert into c values (" + i + ", " + parent + ")");
            }
        }
        setup.addAll(inserts);
        setup.addAll(links);
        List<String> deletes = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            int t = r.nextInt(k);
            String where = switch (r.nextInt(3)) {
                case 0 -> "id = " + (1 + r.nextInt(Math.max(1, nextId[t])));
                case 1 -> "id IN (" + (1 + r.nextInt(3)) + ", " + (1 + r.nextInt(6)) + ")";
                default -> "id % 3 = 0";
            };
            deletes.add("DELETE FROM t" + t + " WHERE " + where);
        }
        return new Case(setup, tables, deletes);
    }

    private static void runCase(TestDatabase kind, long seed) throws Exception {
        Case c = generate(kind, seed);
        try (TestDb db = kind.create()) {
            db.execute(c.setup().toArray(String[]::new));
            try (Oracle oracle = Oracle.open(db, c.tables().toArray(String[]::new))) {
                for (String delete : c.deletes()) {
                    try {
                        Oracle.Outcome o = oracle.check(delete);
                        long deleted = o.real().entrySet().stream()
                                .filter(e -> e.getKey().action() == dev.cascadeguard.report.EffectAction.DELETE)
                                .mapToLong(java.util.Map.Entry::getValue).sum();
                        Statistics.label("rows deleted").collect(deleted == 0 ? "none" : deleted < 10 ? "1-9"
                                : deleted < 30 ? "10-29" : "30+");
                    } catch (AssertionError e) {
                        throw new AssertionError("seed " + seed + " on " + kind + ", schema and rows:\n  "
                                + String.join(";\n  ", c.setup()) + ";\n" + e.getMessage(), e);
                    }
                }
            }
        }
    }
}
