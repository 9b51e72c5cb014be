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
            "jdbc:sqlserver://;databaseName=test",
            "jdbc:sqlserver://localhost;serverName=127.0.0.1;databaseName=test",
            "jdbc:sqlserver://localhost\\SQLEXPRESS:1433;databaseName=test",
            "jdbc:sqlserver://;serverName={localhost};databaseName=test",
            "jdbc:mysql://address=(host=127.0.0.1)(port=3306),localhost:3307/shop",
            "jdbc:mysql:///shop",
            "jdbc:mariadb:///shop",
            "jdbc:mysql://alice:p@ss@localhost/shop",
            "jdbc:postgresql://localhost/shop?PGHOST=127.0.0.1",
            "jdbc:postgresql://localhost/shop?ApplicationName=x&host=localhost,::1",
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
            "jdbc:sqlserver://;serverName=db.prod.internal;databaseName=shop",
            "jdbc:sqlserver://localhost;serverName=db.prod.internal",
            "jdbc:sqlserver://localhost;SERVER={db.prod.internal};databaseName=shop",
            "jdbc:sqlserver://localhost;databaseName=shop;failoverPartner=db.prod.internal",
            "jdbc:sqlserver://db.prod.internal\\SQLEXPRESS;databaseName=shop",
            "jdbc:mysql://address=(host=127.0.0.1)(port=3306),db.prod.internal:3306/shop",
            "jdbc:mysql://db.prod.internal:3306,address=(host=127.0.0.1)(port=3306)/shop",
            "jdbc:mysql://(host=localhost,port=3306),(host=db.prod.internal,port=3306)/shop",
            "jdbc:mysql://alice:se/cret@db.prod.internal/shop",
            "jdbc:mysql://alice:p@ss@db.prod.internal/shop",
            "jdbc:postgresql://localhost/shop?PGHOST=db.prod.internal",
            "jdbc:postgresql://localhost/shop?host=db.prod.internal",
            "jdbc:postgresql://localhost/shop?PGHOST=localhost,db.prod.internal",
            "jdbc:postgresql:shop?PGHOST=db.prod.internal",
            "jdbc:postgresql:///shop?PGHOST=db.prod.internal",
            "jdbc:postgresql://localhost/shop?service=prod",
            "jdbc:h2:tcp:///mem:x",
            "jdbc:derby:///db",
            "jdbc:guard:postgresql://db.prod.internal/x",
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
    void theVerdictSaysWhyForTheOverridingForms() {
        assertThat(TestDatabaseCheck.check("jdbc:sqlserver://localhost;serverName=db.prod.internal", null).why())
                .isEqualTo("a SQL Server on db.prod.internal, not a loopback address");
        assertThat(TestDatabaseCheck.check("jdbc:mysql://address=(host=127.0.0.1)(port=3306),db.prod.internal:3306/shop",
                null).why()).isEqualTo("a server on db.prod.internal, not a loopback address");
        assertThat(TestDatabaseCheck.check("jdbc:postgresql://localhost/shop?PGHOST=db.prod.internal", null).why())
                .isEqualTo("a server on db.prod.internal (PGHOST=), not a loopback address");
        assertThat(TestDatabaseCheck.check("jdbc:postgresql://localhost/shop?service=prod", null).why())
                .contains("service=prod").contains("host cannot be read");
        assertThat(TestDatabaseCheck.check("jdbc:h2:tcp:///mem:x", null).why()).contains("host cannot be read");
        assertThat(TestDatabaseCheck.check("jdbc:guard:somedb:weird-format", null).why())
                .isEqualTo("a URL whose host cannot be read");
        assertThat(TestDatabaseCheck.check("jdbc:guard:postgresql://db.prod.internal/x", null).why())
                .isEqualTo("a server on db.prod.internal, not a loopback address");
        assertThat(TestDatabaseCheck.check("jdbc:guard:h2:mem:x", null).why()).isEqualTo("an in-memory database");
        assertThat(TestDatabaseCheck.check("jdbc:mysql:///shop", null).why()).isEqualTo("a server on localhost (no host given)");
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
        assertThat(LoopbackAddresses.isLoopback("127.255.255.254")).isTrue();
        assertThat(LoopbackAddresses.isLoopback("::1")).isTrue();
        assertThat(LoopbackAddresses.isLoopback("0000:0000::0001")).isTrue();
        assertThat(LoopbackAddresses.isLoopback("[::1]")).isTrue();
        assertThat(LoopbackAddresses.isLoopback("::1%lo")).isTrue();
        assertThat(LoopbackAddresses.isLoopback("127.0.0.256")).isFalse();
        assertThat(LoopbackAddresses.isLoopback("::")).isFalse();
        assertThat(LoopbackAddresses.isLoopback("1::1")).isFalse();
        assertThat(LoopbackAddresses.isLoopback("localhost6")).isFalse();
    }

    @Test
    void credentialsAreCutFromMessages() {
        assertThat(UrlRedaction.redact("jdbc:mysql://admin:pw@db.example.com:3306/app?password=pw&useSSL=true"))
                .isEqualTo("jdbc:mysql://***@db.example.com:3306/app?password=***&useSSL=true");
        assertThat(UrlRedaction.redact("jdbc:postgresql://db/app?user=bob&password=s3cret"))
                .isEqualTo("jdbc:postgresql://db/app?user=***&password=***");
        assertThat(UrlRedaction.redact("jdbc:sqlserver://sql:1433;databaseName=prod;user=sa;password=x"))
                .isEqualTo("jdbc:sqlserver://sql:1433;databaseName=prod;user=***;password=***");
        assertThat(UrlRedaction.redact("jdbc:oracle:thin:scott/tiger@//prod:1521/X"))
                .isEqualTo("jdbc:oracle:thin:***@//prod:1521/X");
    }

    @Test
    void credentialsWithAtSignsSlashesAndBracesAreCutWhole() {
        assertThat(UrlRedaction.redact("jdbc:mysql://alice:p@ss@db.prod.internal:3306/shop"))
                .isEqualTo("jdbc:mysql://***@db.prod.internal:3306/shop");
        assertThat(UrlRedaction.redact("jdbc:mysql://alice:se/cret@db.prod.internal/shop?useSSL=true"))
                .isEqualTo("jdbc:mysql://***@db.prod.internal/shop?useSSL=true");
        assertThat(UrlRedaction.redact("jdbc:sqlserver://db.prod.internal;user=sa;password={se;cret};databaseName=shop"))
                .isEqualTo("jdbc:sqlserver://db.prod.internal;user=***;password=***;databaseName=shop");
        assertThat(UrlRedaction.redact("jdbc:sqlserver://db;PWD={a}}b;c};encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db;PWD=***;encrypt=true");
        assertThat(UrlRedaction.redact("jdbc:oracle:thin:scott/ti@ger@//prod:1521/X"))
                .isEqualTo("jdbc:oracle:thin:***@//prod:1521/X");
        assertThat(UrlRedaction.redact("jdbc:postgresql://db/app?user=bob&password=p@ss/w;rd"))
                .doesNotContain("bob").doesNotContain("p@ss");
    }
}
