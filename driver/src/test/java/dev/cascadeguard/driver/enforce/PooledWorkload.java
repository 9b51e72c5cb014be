package dev.cascadeguard.driver.enforce;

import dev.cascadeguard.driver.Allowance;
import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The mixed workload of {@link PooledConcurrencyTest}: many threads through one pool of guarded connections, each on
 * its own accounts (rows tagged with the thread's number), so that what each thread expects of the database is exact.
 * Reads, inserts and non-key updates pass through; small guarded deletes run; deletes over {@code confirmAbove} stop
 * with XG001 unless the thread itself set an override or opened an allowance; deletes that reach {@code vault} are
 * blocked (XG002). Some borrows set an override and return the connection without using it: the next borrower must
 * not inherit it. One thread adds a cascading child table mid-run; the others' next estimates must count its rows.
 */
final class PooledWorkload {

    static final int CONFIRM_ABOVE = 20;
    /** Orders of a big account: with the account itself over {@link #CONFIRM_ABOVE}. */
    static final int BIG_ORDERS = 30;
    /** Rows a probe account has in the table the DDL adds: over the threshold only if the guard sees that table. */
    static final int PROBE_EXTRAS = 25;

    static final String SCHEMA = """
            create table account (id int primary key, owner int not null, note varchar(40));
            create table orders (id int primary key, account_id int not null references account (id) on delete cascade,
                                 owner int not null);
            create table vault (id int primary key, owner int not null);
            insert into vault values (1, -1), (2, -1), (3, -1)""";
    static final String DDL = "create table extra (id int primary key, account_id int not null references account (id)"
            + " on delete cascade, owner int not null)";

    /** Where the run stops (System.nanoTime) and what it found that it should not have. */
    private final DataSource pool;
    private final long deadlineNanos;
    private final long ddlAtNanos;
    private final Runnable beforeDdl;
    private volatile boolean extraTable;
    private final AtomicInteger ids = new AtomicInteger(1000);
    final Queue<String> failures = new ConcurrentLinkedQueue<>();
    final LongAdder confirmStops = new LongAdder();
    final LongAdder blockStops = new LongAdder();
    final LongAdder guardedDeletes = new LongAdder();
    final LongAdder operations = new LongAdder();
    final LongAdder probes = new LongAdder();

    /** Held by every operation, and exclusively by the DDL where the database cannot run DDL beside DML. */
    private final ReadWriteLock ddlAlone = new ReentrantReadWriteLock();
    private final boolean quiesceForDdl;

    /**
     * @param beforeDdl     run by the thread that adds the table, just before (to read the load count of the first
     *                      graph)
     * @param quiesceForDdl the DDL waits until no other operation runs: H2 2.3.232 (outside the guard, in its own
     *                      DELETE) iterates a table's constraint list while a concurrent CREATE TABLE … REFERENCES
     *                      adds to it, and fails with "General error: java.util.ConcurrentModificationException"
     */
    PooledWorkload(DataSource pool, long runNanos, Runnable beforeDdl, boolean quiesceForDdl) {
        this.pool = pool;
        this.quiesceForDdl = quiesceForDdl;
        long start = System.nanoTime();
        this.deadlineNanos = start + runNanos;
        this.ddlAtNanos = start + runNanos / 3;
        this.beforeDdl = beforeDdl;
    }

    boolean extraTableAdded() {
        return extraTable;
    }

    /** What one thread put in the database and has not deleted: rows per table, by account. */
    static final class Book {
        final Map<Integer, int[]> accounts = new HashMap<>(); // id -> {orders, extras}

        /** The rows of all accounts in one child table: 0 orders, 1 extra. */
        long children(int table) {
            return accounts.values().stream().mapToLong(a -> a[table]).sum();
        }
    }

    /** Thread {@code owner}'s loop until the deadline; returns what it left in the database. */
    Book run(int owner) {
        Book book = new Book();
        Random random = new Random(owner * 7919L);
        boolean ddlThread = owner == 0;
        while (System.nanoTime() < deadlineNanos) {
            int r = random.nextInt(100);
            String op = "?";
            boolean ddlNow = ddlThread && !extraTable && System.nanoTime() >= ddlAtNanos;
            Lock lock = ddlNow && quiesceForDdl ? ddlAlone.writeLock() : ddlAlone.readLock();
            lock.lock();
            try {
                if (ddlNow) {
                    op = "ddl";
                    addExtraTable();
                } else if (r < 35) {
                    op = "select";
                    select(owner, book, random);
                } else if (r < 57) {
                    op = "insert";
                    insertAccount(owner, book, random.nextInt(6), 0);
                } else if (r < 72) {
                    op = "update";
                    update(book, random);
                } else if (r < 77) {
                    op = "guarded delete";
                    smallDelete(book, random);
                } else if (r < 82) {
                    op = "over-threshold delete";
                    bigDelete(owner, book, random.nextInt(4));
                } else if (r < 87) {
                    op = "abandoned override";
                    abandonOverride(random.nextInt(3));
                } else if (r < 90) {
                    op = "blocked delete";
                    blockedDelete(random);
                } else if (r < 93) {
                    op = "allowance spent";
                    allowanceSpent(owner, book);
                } else if (r < 97) {
                    op = "transaction";
                    transaction(owner, book, random);
                } else if (extraTable) {
                    op = "probe";
                    probe(owner, book);
                }
                operations.increment();
            } catch (SQLException | RuntimeException | AssertionError e) {
                failures.add(Thread.currentThread().getName() + " " + op + ": " + e
                        + (e instanceof SQLException s ? " (SQLState " + s.getSQLState() + ")" : "") + where(e));
            } finally {
                lock.unlock();
            }
        }
        return book;
    }

    private void addExtraTable() throws SQLException {
        beforeDdl.run();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(DDL);
        }
        extraTable = true;
    }

    private void select(int owner, Book book, Random random) throws SQLException {
        Integer id = pick(book, random, false);
        if (id == null) {
            return;
        }
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from orders where account_id = ? and owner = ?")) {
            ps.setInt(1, id);
            ps.setInt(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                expect(rs.getInt(1) == book.accounts.get(id)[0], "account " + id + " has " + rs.getInt(1)
                        + " orders, the thread put " + book.accounts.get(id)[0]);
            }
        }
    }

    private int insertAccount(int owner, Book book, int orders, int extras) throws SQLException {
        try (Connection c = pool.getConnection()) {
            int id = insertAccount(c, owner, orders, extras);
            book.accounts.put(id, new int[]{orders, extras});
            return id;
        }
    }

    private int insertAccount(Connection c, int owner, int orders, int extras) throws SQLException {
        int id = ids.incrementAndGet();
        try (PreparedStatement ps = c.prepareStatement("insert into account (id, owner) values (?, ?)")) {
            ps.setInt(1, id);
            ps.setInt(2, owner);
            ps.executeUpdate();
        }
        addChildren(c, "orders", id, owner, orders);
        addChildren(c, "extra", id, owner, extras);
        return id;
    }

    private void addChildren(Connection c, String table, int account, int owner, int rows) throws SQLException {
        if (rows == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into " + table + " (id, account_id, owner) values (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setInt(1, ids.incrementAndGet());
                ps.setInt(2, account);
                ps.setInt(3, owner);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void update(Book book, Random random) throws SQLException {
        Integer id = pick(book, random, false);
        if (id == null) {
            return;
        }
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("update account set note = ? where id = ?")) {
            ps.setString(1, "n" + random.nextInt(1000));
            ps.setInt(2, id);
            expect(ps.executeUpdate() == 1, "the update of account " + id + " changed no row");
        }
    }

    /** A small account's delete: under every threshold, so it runs. */
    private void smallDelete(Book book, Random random) throws SQLException {
        Integer id = pick(book, random, true);
        if (id == null) {
            return;
        }
        try (Connection c = pool.getConnection()) {
            deleteAccount(c, id);
        }
        book.accounts.remove(id);
        guardedDeletes.increment();
    }

    private static int rows(int[] account) {
        return 1 + account[0] + account[1];
    }

    private static void deleteAccount(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from account where id = ?")) {
            ps.setInt(1, id);
            expect(ps.executeUpdate() == 1, "the delete of account " + id + " removed no row");
        }
    }

    /**
     * A big account: deleting it with nothing set must stop (XG001, whatever an earlier borrower of the connection
     * set); then deleting it under one of the four ways to allow it runs.
     */
    private void bigDelete(int owner, Book book, int way) throws SQLException {
        int id = insertAccount(owner, book, BIG_ORDERS, 0);
        mustStop(id, "XG001");
        try (Connection c = pool.getConnection()) {
            switch (way) {
                case 0 -> c.unwrap(GuardConnection.class).allowNext(BIG_ORDERS + 1, "java");
                case 1 -> execute(c, "SET guard.allow_rows = " + (BIG_ORDERS + 1));
                case 2 -> execute(c, "SET guard.allow_rows_total = " + (BIG_ORDERS + 1));
                default -> {
                    try (Allowance ignored = CascadeGuard.allow(BIG_ORDERS + 1, "scoped")) {
                        deleteAccount(c, id);
                    }
                    book.accounts.remove(id);
                    guardedDeletes.increment();
                    return;
                }
            }
            deleteAccount(c, id);
        }
        book.accounts.remove(id);
        guardedDeletes.increment();
    }

    /** Deletes {@code id} on a fresh borrow with no override of this thread's own: it must stop with {@code state}. */
    private void mustStop(int id, String state) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from account where id = ?")) {
            ps.setInt(1, id);
            ps.executeUpdate();
            throw new AssertionError("the delete of account " + id + " ran: an override or allowance leaked");
        } catch (SQLException e) {
            if (!state.equals(e.getSQLState())) {
                throw e;
            }
            (state.equals("XG001") ? confirmStops : blockStops).increment();
        }
    }

    /** Sets an override and hands the connection back unused: no later borrower may profit from it. */
    private void abandonOverride(int way) throws SQLException {
        try (Connection c = pool.getConnection()) {
            switch (way) {
                case 0 -> c.unwrap(GuardConnection.class).allowNext(1_000_000, "abandoned");
                case 1 -> execute(c, "SET guard.allow_rows = 1000000");
                default -> execute(c, "SET guard.allow_rows_total = 1000000");
            }
        }
    }

    /** Reaches the vault, where any row is blocked: XG002 even inside an allowance. */
    private void blockedDelete(Random random) throws SQLException {
        try (Allowance ignored = CascadeGuard.allow(1_000_000, "never lifts a block");
             Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from vault where id = ?")) {
            ps.setInt(1, 1 + random.nextInt(3));
            ps.executeUpdate();
            throw new AssertionError("a delete from the vault ran");
        } catch (SQLException e) {
            if (!"XG002".equals(e.getSQLState())) {
                throw e;
            }
            blockStops.increment();
        }
    }

    /** An allowance for one big account is spent by its delete: the next big delete stops, on another borrow too. */
    private void allowanceSpent(int owner, Book book) throws SQLException {
        int first = insertAccount(owner, book, BIG_ORDERS, 0);
        int second = insertAccount(owner, book, BIG_ORDERS, 0);
        try (Allowance ignored = CascadeGuard.allow(BIG_ORDERS + 1, "one account")) {
            try (Connection c = pool.getConnection()) {
                deleteAccount(c, first);
            }
            book.accounts.remove(first);
            guardedDeletes.increment();
            mustStop(second, "XG001");
        }
        try (Connection c = pool.getConnection()) {
            c.unwrap(GuardConnection.class).allowNext(BIG_ORDERS + 1, "the second one");
            deleteAccount(c, second);
        }
        book.accounts.remove(second);
        guardedDeletes.increment();
    }

    /** Autocommit off: an insert and a guarded delete, committed or rolled back together. */
    private void transaction(int owner, Book book, Random random) throws SQLException {
        Integer victim = pick(book, random, true);
        boolean commit = random.nextBoolean();
        int orders = random.nextInt(4);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                int id = insertAccount(c, owner, orders, 0);
                if (victim != null) {
                    deleteAccount(c, victim);
                    guardedDeletes.increment();
                }
                if (commit) {
                    c.commit();
                    book.accounts.put(id, new int[]{orders, 0});
                    if (victim != null) {
                        book.accounts.remove(victim);
                    }
                } else {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** After the DDL: a small account with rows in the new table is over the threshold only if the guard sees it. */
    private void probe(int owner, Book book) throws SQLException {
        int id = insertAccount(owner, book, 3, PROBE_EXTRAS);
        mustStop(id, "XG001");
        probes.increment();
        try (Connection c = pool.getConnection()) {
            c.unwrap(GuardConnection.class).allowNext(3 + PROBE_EXTRAS + 1, "probe");
            deleteAccount(c, id);
        }
        book.accounts.remove(id);
        guardedDeletes.increment();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** One of the thread's accounts (under the threshold if {@code small}), or null. */
    private static Integer pick(Book book, Random random, boolean small) {
        List<Integer> ids = book.accounts.entrySet().stream()
                .filter(e -> !small || rows(e.getValue()) <= CONFIRM_ABOVE).map(Map.Entry::getKey).toList();
        return ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
    }

    /** The innermost cause's top frames, for a failure nobody expected. */
    private static String where(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        StringBuilder frames = new StringBuilder("\n  root: ").append(root);
        java.util.Arrays.stream(root.getStackTrace()).limit(25).forEach(f -> frames.append("\n    at ").append(f));
        return frames.toString();
    }

    private static void expect(boolean condition, String problem) {
        if (!condition) {
            throw new AssertionError(problem);
        }
    }
}
