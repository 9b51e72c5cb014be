package dev.cascadeguard.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:mem:test",
            "jdbc:h2:mem:",
            "jdbc:h2:mem:t_1;DB_CLOSE_DELAY=-1",
            "jdbc:h2:file:/tmp/db",
            "jdbc:h2:./target/db",
            "jdbc:h2:~/test",
            "jdbc:h2:/var/lib/app/db",
            "jdbc:h2:tcp://localhost/~/test",
            "jdbc:h2:tcp://127.0.0.1:9092/mem:x",
            "jdbc:h2:ssl://localhost:9093/db",
            "jdbc:sqlite:/tmp/a.db",
            "jdbc:sqlite::memory:",
            "jdbc:sqlite:file:test?mode=memory&cache=shared",
            "jdbc:hsqldb:mem:test",
            "jdbc:hsqldb:file:/tmp/hsql",
            "jdbc:hsqldb:hsql://localhost/xdb",
            "jdbc:derby:memory:demo;create=true",
            "jdbc:derby:target/derbydb;create=true",
            "jdbc:derby://localhost:1527/db",
            "jdbc:postgresql://localhost:5432/test",
            "jdbc:postgresql://127.0.0.1/test?user=postgres&currentSchema=t_1",
            "jdbc:postgresql://127.0.1.1:5433/test",
            "jdbc:postgresql://localhost:5432,127.0.0.1:5433/test?targetServerType=primary",
            "jdbc:postgresql://[::1]:5432/test",
            "jdbc:postgresql://[0:0:0:0:0:0:0:1]/test",
            "jdbc:postgresql:test",
            "jdbc:postgresql:///test",
            "jdbc:postgresql://LOCALHOST/test",
            "jdbc:mysql://localhost:3306/app",
            "jdbc:mysql://root:secret@127.0.0.1:3306/app",
            "jdbc:mysql://address=(host=127.0.0.1)(port=3306)/db",
            "jdbc:mysql://(host=localhost,port=3306)/db",
            "jdbc:mariadb://127.0.0.1:3306/t_1?user=root",
            "jdbc:mariadb:replication://localhost:3306,127.0.0.2:3306/db",
            "jdbc:mariadb://[::ffff:127.0.0.1]:3306/db",
            "jdbc:sqlserver://localhost:1433;databaseName=test;encrypt=false",
            "jdbc:oracle:thin:@localhost:1521:XE",
            "jdbc:oracle:thin:scott/tiger@//127.0.0.1:1521/XEPDB1",
            "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=localhost)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=XE)))",
            "jdbc:guard:h2:mem:x",
            "jdbc:guard:postgresql://localhost/test",
            "JDBC:GUARD:H2:MEM:X",
    })
    void testDatabases(String url) {
        assertThat(TestDatabaseCheck.check(url, null).testDatabase()).as(url).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:postgresql://db.prod.example.com:5432/app",
            "jdbc:postgresql://localhost:5432,db.prod.example.com:5432/app",
            "jdbc:postgresql://10.0.0.5/app",
            "jdbc:postgresql://[2001:db8::1]:5432/app",
            "jdbc:postgresql://[::2]/app",
            "jdbc:postgresql://128.0.0.1/app",
            "jdbc:postgresql://127.0.0.1.evil.com/app",
            "jdbc:postgresql://localhost.evil.com/app",
            "jdbc:postgresql://0.0.0.0/app",
            "jdbc:mysql://admin:pw@db.example.com:3306/app",
            "jdbc:mysql://address=(host=db.example.com)(port=3306)/db",
            "jdbc:mariadb:replication://localhost:3306,replica.example.com:3306/db",
            "jdbc:mariadb://[::ffff:10.1.2.3]:3306/db",
            "jdbc:h2:tcp://db.example.com:9092/~/test",
            "jdbc:h2:tcp://192.0.2.2:9092/mem:x",
            "jdbc:h2:ssl://10.0.0.1/db",
            "jdbc:hsqldb:hsql://db.example.com/xdb",
            "jdbc:derby://db.example.com:1527/db",
            "jdbc:sqlserver://sql.example.com:1433;databaseName=prod",
            "jdbc:oracle:thin:@prod-db:1521:ORCL",
            "jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=localhost)(PORT=1521))(ADDRESS=(PROTOCOL=TCP)(HOST=prod)(PORT=1521)))",
            "jdbc:guard:postgresql://db.prod.example.com/app",
            "jdbc:guard:mysql://10.0.0.1/app",
            "jdbc:somedb:weird-format",
            "not a url",
            "",
    })
    void notTestDatabases(String url) {
        assertThat(TestDatabaseCheck.check(url, null).testDatabase()).as(url).isFalse();
    }

    @Test
    void theVerdictNamesTheHost() {
        assertThat(TestDatabaseCheck.check("jdbc:postgresql://localhost,db.prod:5432/app", null).why())
                .isEqualTo("a server on db.prod, not a loopback address");
        assertThat(TestDatabaseCheck.check("jdbc:h2:mem:x", null).why()).isEqualTo("an in-memory database");
    }

    @Test
    void aConfiguredPatternAllowsWhatItMatchesAndNothingElse() {
        Pattern ci = Pattern.compile("jdbc:postgresql://ci-db\\.internal:5432/test_.*");
        assertThat(TestDatabaseCheck.check("jdbc:postgresql://ci-db.internal:5432/test_42", ci).testDatabase()).isTrue();
        assertThat(TestDatabaseCheck.check("jdbc:guard:postgresql://ci-db.internal:5432/test_42", ci).testDatabase()).isTrue();
        assertThat(TestDatabaseCheck.check("jdbc:postgresql://ci-db.internal:5432/prod", ci).testDatabase()).isFalse();
        assertThat(TestDatabaseCheck.check("jdbc:h2:mem:x", ci).testDatabase()).isTrue();
    }

    @Test
    void loopbackAddresses() {
        assertThat(TestDatabaseCheck.isLoopback("127.255.255.254")).isTrue();
        assertThat(TestDatabaseCheck.isLoopback("::1")).isTrue();
        assertThat(TestDatabaseCheck.isLoopback("0000:0000::0001")).isTrue();
        assertThat(TestDatabaseCheck.isLoopback("[::1]")).isTrue();
        assertThat(TestDatabaseCheck.isLoopback("::1%lo")).isTrue();
        assertThat(TestDatabaseCheck.isLoopback("127.0.0.256")).isFalse();
        assertThat(TestDatabaseCheck.isLoopback("::")).isFalse();
        assertThat(TestDatabaseCheck.isLoopback("1::1")).isFalse();
        assertThat(TestDatabaseCheck.isLoopback("localhost6")).isFalse();
    }

    @Test
    void credentialsAreCutFromMessages() {
        assertThat(TestDatabaseCheck.redact("jdbc:mysql://admin:pw@db.example.com:3306/app?password=pw&useSSL=true"))
                .isEqualTo("jdbc:mysql://***@db.example.com:3306/app?password=***&useSSL=true");
        assertThat(TestDatabaseCheck.redact("jdbc:postgresql://db/app?user=bob&password=s3cret"))
                .isEqualTo("jdbc:postgresql://db/app?user=***&password=***");
        assertThat(TestDatabaseCheck.redact("jdbc:sqlserver://sql:1433;databaseName=prod;user=sa;password=x"))
                .isEqualTo("jdbc:sqlserver://sql:1433;databaseName=prod;user=***;password=***");
        assertThat(TestDatabaseCheck.redact("jdbc:oracle:thin:scott/tiger@//prod:1521/X"))
                .isEqualTo("jdbc:oracle:thin:***@//prod:1521/X");
    }
}
