package dev.cascadeguard.driver.enforce;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cascadeguard.driver.testdb.TestDb;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed article's schema: organizations → users → orders → order_items, orders → invoices, all ON DELETE
 * CASCADE. Deleting 'test-org' (id 1) touches {@link #TEST_ORG_ROWS} rows, 'other-org' (id 2)
 * {@link #OTHER_ORG_ROWS}.
 */
final class SeedSchema {

    static final String DELETE_TEST_ORG = "DELETE FROM organizations WHERE name = 'test-org'";
    /** 1 organization + 3 users + 4 orders + 8 order items + 4 invoices. */
    static final long TEST_ORG_ROWS = 20;
    /** 1 organization + 2 users + 2 orders + 4 order items + 2 invoices. */
    static final long OTHER_ORG_ROWS = 11;
    static final Map<String, Long> ALL = orderedMap("organizations", 2, "users", 5, "orders", 6, "order_items", 12,
            "invoices", 6);
    static final Map<String, Long> AFTER_TEST_ORG = orderedMap("organizations", 1, "users", 2, "orders", 2,
            "order_items", 4, "invoices", 2);

    private SeedSchema() {
    }

    static void create(TestDb db) throws SQLException {
        db.execute(
                "create table organizations (id int primary key, name varchar(50) not null)",
                "create table users (id int primary key, org_id int not null references organizations(id) on delete cascade, email varchar(100))",
                "create table orders (id int primary key, user_id int not null references users(id) on delete cascade, amount int)",
                "create table order_items (id int primary key, order_id int not null references orders(id) on delete cascade, sku varchar(20))",
                "create table invoices (id int primary key, order_id int not null references orders(id) on delete cascade, total int)",
                "insert into organizations values (1, 'test-org'), (2, 'other-org')",
                "insert into users values (1, 1, 'a@t'), (2, 1, 'b@t'), (3, 1, 'c@t'), (4, 2, 'd@o'), (5, 2, 'e@o')",
                // test-org: orders 1-4 (users 1,1,2,3); other-org: orders 5-6 (users 4,5)
                "insert into orders values (1, 1, 10), (2, 1, 20), (3, 2, 30), (4, 3, 40), (5, 4, 50), (6, 5, 60)",
                "insert into order_items values (1,1,'a'),(2,1,'b'),(3,2,'a'),(4,2,'b'),(5,3,'a'),(6,3,'b'),(7,4,'a'),"
                        + "(8,4,'b'),(9,5,'a'),(10,5,'b'),(11,6,'a'),(12,6,'b')",
                "insert into invoices values (1,1,10),(2,2,20),(3,3,30),(4,4,40),(5,5,50),(6,6,60)");
        assertThat(counts(db)).isEqualTo(ALL);
    }

    static Map<String, Long> counts(TestDb db) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : ALL.keySet()) {
            counts.put(table, db.count(table));
        }
        return counts;
    }

    /** A guarded connection with logAbove=5, confirmAbove=15 and the given extra key/value pairs. */
    static Connection guarded(TestDb db, String... keyValues) throws SQLException {
        return DriverManager.getConnection(db.guardUrl(), props(keyValues));
    }

    static Properties props(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("guard.logAbove", "5");
        p.setProperty("guard.confirmAbove", "15");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Map<String, Long> orderedMap(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Integer) kv[i + 1]).longValue());
        }
        return m;
    }

    /** Captures events of logger cascadeguard.audit while open. */
    static final class Audit implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("cascadeguard.audit");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        Audit() {
            appender.start();
            logger.addAppender(appender);
        }

        List<ILoggingEvent> events() {
            return List.copyOf(appender.list);
        }

        List<Map<String, String>> fields() {
            return events().stream().map(Audit::fieldsOf).toList();
        }

        static Map<String, String> fieldsOf(ILoggingEvent event) {
            Map<String, String> m = new LinkedHashMap<>();
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                pairs.forEach(kv -> m.put(kv.key, String.valueOf(kv.value)));
            }
            return m;
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }
}
