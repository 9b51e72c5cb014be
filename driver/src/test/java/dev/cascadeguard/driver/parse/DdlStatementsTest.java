package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.ParsedStatement.Drop;
import dev.cascadeguard.driver.parse.ParsedStatement.DropColumns;
import dev.cascadeguard.driver.parse.ParsedStatement.Other;
import dev.cascadeguard.driver.parse.ParsedStatement.Truncate;
import dev.cascadeguard.driver.parse.ParsedStatement.Unparseable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DROP, TRUNCATE and ALTER TABLE statements real tools send, as collected by running them through a
 * recording DataSource (Hibernate 6.6 schema export, Flyway 13.12 migrate and clean, Liquibase dropAll, Spring's
 * ScriptUtils and JdbcTestUtils, jOOQ 3.19 on H2, PostgreSQL, MariaDB and SQLite): each is understood, and what it
 * drops is read correctly.
 */
class DdlStatementsTest {

    private final SqlParser parser = new SqlParser();

    private ParsedStatement only(String sql) {
        List<ParsedStatement> statements = parser.parse(sql).statements();
        assertThat(statements).hasSize(1);
        return statements.get(0);
    }

    private static TableName name(String schema, String name, boolean quoted) {
        return new TableName(schema, name, quoted);
    }

    /** Object type, names ("|"-separated, schema.name), cascade: for every DROP form in the collected corpus. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            DROP TABLE vet_specialties IF EXISTS                        ; TABLE    ; vet_specialties               ; false
            DROP TABLE IF EXISTS a, b CASCADE                           ; TABLE    ; a|b                           ; true
            DROP TABLE IF EXISTS a, b CASCADE CONSTRAINTS               ; TABLE    ; a|b                           ; true
            drop table if exists pets cascade                           ; TABLE    ; pets                          ; true
            DROP TABLE "PUBLIC"."OWNER" CASCADE                         ; TABLE    ; PUBLIC.OWNER                  ; true
            DROP TABLE `collect`.`flyway_schema_history`                ; TABLE    ; collect.flyway_schema_history ; false
            DROP TABLE "main"."visit"                                   ; TABLE    ; main.visit                    ; false
            drop table "pet" restrict                                   ; TABLE    ; pet                           ; false
            drop temporary table if exists `tmp`                        ; TABLE    ; tmp                           ; false
            DROP TABLE IF EXISTS db.s.t PURGE                           ; TABLE    ; s.t                           ; false
            DROP SCHEMA "fw_extra" CASCADE                              ; SCHEMA   ; fw_extra                      ; true
            DROP SCHEMA `fw_extra`                                      ; SCHEMA   ; fw_extra                      ; false
            drop database if exists `collect`                           ; DATABASE ; collect                       ; false
            DROP DOMAIN IF EXISTS "public"."short_name" CASCADE         ; DOMAIN   ; public.short_name             ; true
            DROP DOMAIN"SHORT_NAME"                                     ; DOMAIN   ; SHORT_NAME                    ; false
            DROP TYPE IF EXISTS "public"."pet_kind" CASCADE             ; TYPE     ; public.pet_kind               ; true
            DROP EXTENSION IF EXISTS citext CASCADE                     ; EXTENSION; citext                        ; true
            DROP ALL OBJECTS                                            ; ALL OBJECTS;                             ; true
            DROP ALL OBJECTS DELETE FILES                               ; ALL OBJECTS;                             ; true
            DROP SEQUENCE"PUBLIC"."VISIT_SEQ"                           ; SEQUENCE ;                               ; false
            drop sequence if exists pet_SEQ                             ; SEQUENCE ;                               ; false
            DROP FUNCTION IF EXISTS "public"."pet_count"(integer) CASCADE; FUNCTION;                               ; true
            DROP PROCEDURE IF EXISTS "public"."purge_visits"() CASCADE  ; PROCEDURE;                               ; true
            DROP FUNCTION `collect`.`pet_count`                         ; FUNCTION ;                               ; false
            DROP MATERIALIZED VIEW IF EXISTS "public"."visit_count_mv" CASCADE; MATERIALIZED VIEW;                 ; true
            DROP VIEW IF EXISTS "public"."pet_owner_v" CASCADE          ; VIEW     ;                               ; true
            drop index if exists `idx_visit_date` on `visit`            ; INDEX    ;                               ; false
            DROP INDEX CONCURRENTLY IF EXISTS idx                       ; INDEX    ;                               ; false
            DROP TRIGGER IF EXISTS trg ON visit                         ; TRIGGER  ;                               ; false
            DROP OPERATOR ~~~ (int, int)                                ; OPERATOR ;                               ; false
            DROP ALIAS IF EXISTS my_function                            ; ALIAS    ;                               ; false
            DROP FOREIGN TABLE remote_rows                              ; FOREIGN TABLE;                           ; false
            """)
    void dropForms(String sql, String type, String names, boolean cascade) {
        ParsedStatement statement = only(sql);
        assertThat(statement).isInstanceOf(Drop.class);
        Drop drop = (Drop) statement;
        assertThat(drop.objectType()).isEqualTo(type);
        assertThat(drop.cascade()).isEqualTo(cascade);
        assertThat(drop.names().stream().map(TableName::toString).toList())
                .containsExactlyElementsOf(names == null ? List.of() : List.of(names.split("\\|")));
    }

    @Test
    void quotedNamesKeepTheirCase() {
        Drop drop = (Drop) only("drop table if exists a, \"B\", s.\"C\"\"x\"");
        assertThat(drop.names()).containsExactly(name(null, "a", false), name(null, "B", true),
                name("s", "C\"x", true));
    }

    @Test
    void dropsTheDatabaseCannotReadFailClosed() {
        assertThat(only("DROP OWNED BY app_user CASCADE")).isInstanceOf(Unparseable.class)
                .extracting(s -> ((Unparseable) s).problem()).asString().contains("OWNED BY");
        assertThat(only("DROP WIDGET w")).isInstanceOf(Unparseable.class);
        assertThat(only("DROP TABLE t WITH SOMETHING")).isInstanceOf(Unparseable.class);
        assertThat(only("DROP TABLE")).isInstanceOf(Unparseable.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            TRUNCATE TABLE a, b RESTART IDENTITY CASCADE     ; a|b ; true
            truncate t                                       ; t   ; false
            TRUNCATE ONLY s.a *, b CONTINUE IDENTITY RESTRICT; s.a|b ; false
            truncate table "pet" restart identity cascade    ; pet ; true
            truncate table `pet`                             ; pet ; false
            TRUNCATE TABLE t REUSE STORAGE                   ; t   ; false
            """)
    void truncateForms(String sql, String tables, boolean cascade) {
        Truncate truncate = (Truncate) only(sql);
        assertThat(truncate.tables().stream().map(TableName::toString).toList())
                .containsExactly(tables.split("\\|"));
        assertThat(truncate.cascade()).isEqualTo(cascade);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            ALTER TABLE pets DROP COLUMN nickname                     ; pets ; nickname        ; false
            alter table "pet" drop "name" cascade                     ; pet  ; "name"          ; false
            alter table if exists pet drop if exists name             ; pet  ; name            ; true
            ALTER TABLE `pet` DROP `name`, DROP COLUMN `born`         ; pet  ; `name`|`born`   ; false
            ALTER TABLE s.pet DROP COLUMN IF EXISTS (a, b)            ; s.pet; a|b             ; true
            ALTER TABLE pet DROP COLUMN a, b                          ; pet  ; a|b             ; false
            ALTER TABLE ONLY pet ADD COLUMN x int, DROP COLUMN y      ; pet  ; y               ; false
            ALTER TABLE pet DROP CONSTRAINT fk, DROP COLUMN y CASCADE ; pet  ; y               ; false
            """)
    void alterTableDropColumn(String sql, String table, String columns, boolean ifExists) {
        DropColumns drop = (DropColumns) only(sql);
        assertThat(drop.table().toString()).isEqualTo(table);
        assertThat(drop.columns()).containsExactly(columns.split("\\|"));
        assertThat(drop.ifExists()).isEqualTo(ifExists);
    }

    /** Column names that are also keywords, and the MariaDB and H2 spellings a review found read wrongly. */
    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            ALTER TABLE big DROP key                         ; big ; key
            ALTER TABLE big DROP index                       ; big ; index
            ALTER TABLE big DROP system                      ; big ; system
            ALTER TABLE big DROP period                      ; big ; period
            ALTER TABLE t DROP identity                      ; t   ; identity
            ALTER TABLE t DROP expression                    ; t   ; expression
            ALTER TABLE t NOWAIT DROP COLUMN a               ; t   ; a
            ALTER TABLE t WAIT 5 DROP COLUMN b               ; t   ; b
            ALTER ONLINE IGNORE TABLE t DROP COLUMN c        ; t   ; c
            ALTER TABLE t DROP COLUMN a, owner               ; t   ; a|owner
            ALTER TABLE t DROP COLUMN a, b, DROP CONSTRAINT x ; t  ; a|b
            """)
    void keywordLikeColumnNames(String sql, String table, String columns) {
        DropColumns drop = (DropColumns) only(sql);
        assertThat(drop.table().toString()).isEqualTo(table);
        assertThat(drop.columns()).containsExactly(columns.split("\\|"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            ALTER TABLE big DROP COLUMN U&"d"
            ALTER TABLE t DROP COLUMN 'c'
            ALTER TABLE t DROP COLUMN [d]
            ALTER TABLE t /*M! DROP COLUMN d */
            DELETE FROM t WHERE id = 1 /*M! OR 1 = 1 */
            ALTER TABLE t FOO DROP COLUMN x
            ALTER TABLE t ADD c int, DROP something strange here
            ALTER TYPE ct DROP ATTRIBUTE b CASCADE
            """)
    void alterFormsTheGrammarCannotReadFailClosed(String sql) {
        assertThat(only(sql)).isInstanceOf(Unparseable.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', textBlock = """
            alter table if exists pet drop foreign key if exists FK7qfti9yba86tgfe9oobeqxfxg
            alter table if exists pet drop constraint if exists FK7qfti9yba86tgfe9oobeqxfxg
            ALTER TABLE "PUBLIC"."PET" DROP CONSTRAINT "FK_PET_OWNER"
            ALTER TABLE t DROP PRIMARY KEY
            ALTER TABLE t ALTER COLUMN c DROP DEFAULT
            ALTER TABLE t ALTER COLUMN c DROP NOT NULL
            ALTER TABLE t DROP INDEX idx
            ALTER TABLE t DROP CHECK ck
            ALTER SEQUENCE s RESTART WITH 1
            ALTER TABLE t ALTER COLUMN c SET DATA TYPE int, DROP CONSTRAINT x
            ALTER TABLE t ALTER COLUMN c DROP IDENTITY IF EXISTS
            ALTER DOMAIN d DROP NOT NULL
            ALTER TABLE t DROP KEY k
            ALTER TABLE t DROP FOREIGN KEY fk
            ALTER TABLE t DROP SYSTEM VERSIONING
            """)
    void alterTableDropsThatDestroyNoRowsAreSchemaChanges(String sql) {
        assertThat(only(sql)).isEqualTo(new Other(sql, true));
    }
}
