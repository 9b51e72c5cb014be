package dev.cascadeguard.driver.parse;

import dev.cascadeguard.driver.parse.SqlLexer.Kind;
import dev.cascadeguard.driver.parse.SqlLexer.Lexed;
import dev.cascadeguard.driver.parse.SqlLexer.Token;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.UnsupportedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Parses what the application executed into the guard's model; thread-safe, results cached by SQL text.
 *
 * <p>The string is first split into statements by {@link SqlLexer} (JSqlParser alone would silently ignore
 * everything after the first {@code ;}); each statement is parsed on its own with JSqlParser. JDBC placeholders
 * are numbered over the whole string, as JDBC numbers them, so fragment parameters can be bound by index.
 *
 * <p>Deliberate refusals, all fail-closed (the statement becomes {@link ParsedStatement.Unparseable} when it
 * looks destructive, {@link ParsedStatement.Other} otherwise):
 * <ul>
 *   <li>a string that splits or numbers its placeholders differently under MySQL and standard quoting rules
 *       (backslash escapes, {@code #} comments), or that ends inside a quote or comment;</li>
 *   <li>numbered placeholders {@code ?1} (not JDBC; only SQLite knows them). Named {@code :x} parameters are
 *       not JDBC placeholders either: they are kept as SQL text;</li>
 *   <li>more than {@value #MAX_NESTING} nested parentheses (JSqlParser would overflow its stack);</li>
 *   <li>DO, CALL, EXEC, EXECUTE, PREPARE and BEGIN statements whose text mentions DELETE, TRUNCATE or DROP
 *       anywhere, strings included (a stored routine called without such words is not seen: a gap);</li>
 *   <li>a MySQL executable comment ({@code /*! .. *&#47;}, MariaDB's {@code /*M! .. *&#47;}) in a statement that
 *       may destroy rows, or holding destructive words itself;</li>
 *   <li>anything JSqlParser cannot parse whose first keyword is DELETE, TRUNCATE, DROP or REPLACE, an
 *       {@code EXPLAIN ANALYZE} of such, or any other statement (WITH, DO, CALL, EXECUTE, MERGE ...) that
 *       contains the word DELETE, TRUNCATE or DROP. Statements starting with CREATE, ALTER, RENAME or COMMENT
 *       are DDL, never Unparseable: {@code CREATE RULE ... DO INSTEAD DELETE} and function bodies are taken as
 *       schema changes, not deletions.</li>
 * </ul>
 * PostgreSQL's {@code ONLY} and TRUNCATE's {@code RESTART IDENTITY}, {@code CONTINUE IDENTITY} and
 * {@code RESTRICT} are dropped before parsing (JSqlParser rejects them); without ONLY the estimate counts
 * inheritance children too, which errs on the safe side.
 */
public final class SqlParser {

    public static final int DEFAULT_CACHE_SIZE = 2_048;
    static final int MAX_NESTING = 200;
    private static final long COMPLEX_PARSE_TIMEOUT_MS = 2_000;
    private static final int MAX_PROBLEM_LENGTH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(SqlParser.class);

    private static final ExecutorService COMPLEX_PARSING = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "cascadeguard-sql-parser");
        thread.setDaemon(true);
        return thread;
    });

    /** Statements that run code the parser cannot see into (bodies in strings, stored routines). */
    private static final Set<String> ROUTINE_KEYWORDS = Set.of("DO", "CALL", "EXEC", "EXECUTE", "PREPARE", "BEGIN");

    private final ParseCache cache;

    public SqlParser() {
        this(DEFAULT_CACHE_SIZE);
    }

    /** @param cacheSize how many distinct SQL texts to keep parsed, at least 1 */
    public SqlParser(int cacheSize) {
        this.cache = new ParseCache(cacheSize);
    }

    public ParsedSql parse(String sql) {
        return cache.get(sql, SqlParser::parseUncached);
    }

    int cachedEntries() {
        return cache.size();
    }

    static ParsedSql parseUncached(String sql) {
        Lexed lexed = SqlLexer.standard(sql);
        if (lexed.unterminated()) {
            return whole(sql, "the SQL ends inside a quoted string or a comment");
        }
        if ((sql.indexOf('\\') >= 0 || sql.indexOf('#') >= 0) && !sameStructure(lexed, SqlLexer.mysql(sql))) {
            return whole(sql, "the SQL splits into statements differently under MySQL and standard quoting rules");
        }
        List<ParsedStatement> statements = new ArrayList<>();
        for (StatementText statement : split(sql, lexed.tokens())) {
            statements.addAll(parseStatement(statement));
        }
        return new ParsedSql(sql, statements);
    }

    private static ParsedSql whole(String sql, String problem) {
        ParsedStatement statement = switch (Precheck.classify(sql)) {
            case CHECK -> new ParsedStatement.Unparseable(sql.strip(), problem);
            case DDL -> new ParsedStatement.Other(sql.strip(), true);
            case PLAIN -> new ParsedStatement.Other(sql.strip(), false);
        };
        return new ParsedSql(sql, List.of(statement));
    }

    /**
     * The statements of {@code sql}, each its own text, split as {@link #parse} splits them (a routine's BEGIN … END
     * body kept whole); the whole string as one when it ends inside a quote or comment.
     */
    public static List<String> statementTexts(String sql) {
        Lexed lexed = SqlLexer.standard(sql);
        if (lexed.unterminated()) {
            return List.of(sql);
        }
        return split(sql, lexed.tokens()).stream().map(StatementText::text).toList();
    }

    /** Same statement boundaries, same placeholders, both terminated. */
    private static boolean sameStructure(Lexed standard, Lexed mysql) {
        return !mysql.unterminated() && structure(standard).equals(structure(mysql));
    }

    private static List<Token> structure(Lexed lexed) {
        return lexed.tokens().stream().filter(t -> t.kind() == Kind.SEMICOLON || t.kind() == Kind.PARAMETER
                || t.kind() == Kind.NUMBERED_PARAMETER).toList();
    }

    /**
     * Splits at each {@code ;} outside quotes and comments, except inside the BEGIN ... END body of a CREATE
     * PROCEDURE / FUNCTION / TRIGGER / EVENT ({@link RoutineBody}): the server takes such a body, semicolons and all,
     * as one statement, and so must the guard, or a DELETE inside the body would be checked as if it ran now.
     */
    private static List<StatementText> split(String sql, List<Token> tokens) {
        List<StatementText> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int parameters = 0;
        int parametersBefore = 0;
        RoutineBody body = new RoutineBody();
        for (Token token : tokens) {
            if (token.kind() == Kind.WORD) {
                body.word(token.text(sql).toUpperCase(java.util.Locale.ROOT));
            } else if (token.isCode()) {
                body.nonWord();
            }
            if (token.kind() == Kind.SEMICOLON && !body.open()) {
                addIfCode(sql, current, parametersBefore, statements);
                current = new ArrayList<>();
                parametersBefore = parameters;
                body.reset();
                continue;
            }
            if (token.kind() == Kind.PARAMETER) {
                parameters++;
            }
            current.add(token);
        }
        addIfCode(sql, current, parametersBefore, statements);
        return statements;
    }

    private static void addIfCode(String sql, List<Token> tokens, int parametersBefore, List<StatementText> into) {
        if (tokens.stream().anyMatch(t -> t.isCode() || t.kind() == Kind.EXECUTABLE_COMMENT)) {
            into.add(new StatementText(sql, tokens, parametersBefore));
        }
    }

    private static List<ParsedStatement> parseStatement(StatementText statement) {
        if (SessionCommands.isSessionCommand(statement)) {
            return List.of(SessionCommands.read(statement));
        }
        ParsedStatement.SessionCommand otherSpelling = SessionCommands.otherSpelling(statement);
        if (otherSpelling != null) {
            return List.of(otherSpelling);
        }
        if (statement.hidesDestructiveSql()) {
            return List.of(new ParsedStatement.Unparseable(statement.text(), "a MySQL executable comment /*! ... */ in "
                    + "a destructive statement: the server runs what the guard reads as a comment"));
        }
        if (ROUTINE_KEYWORDS.contains(statement.firstKeyword()) && statement.mentionsDestructiveWordAnywhere()) {
            return List.of(new ParsedStatement.Unparseable(statement.text(),
                    "a " + statement.firstKeyword() + " statement that may run DELETE, TRUNCATE or DROP"));
        }
        if (statement.codeTokens().isEmpty()) {
            return List.of(new ParsedStatement.Other(statement.text(), false));
        }
        ParsedStatement.Destructive implicit = ImplicitDeletes.of(statement);
        if (implicit != null) {
            return List.of(implicit);
        }
        ParsedStatement ddl = DdlStatements.of(statement);
        if (ddl != null) {
            return List.of(ddl);
        }
        if (statement.hasKind(Kind.NUMBERED_PARAMETER)) {
            return List.of(FallbackClassifier.classify(statement, "numbered parameters (?1) are not supported"));
        }
        if (nesting(statement) > MAX_NESTING) {
            return List.of(FallbackClassifier.classify(statement,
                    "parentheses nested more than " + MAX_NESTING + " deep"));
        }
        String parserInput = ParserInput.of(statement);
        Statement parsed;
        try {
            parsed = parseDirect(parserInput);
        } catch (StackOverflowError tooDeep) {
            return List.of(FallbackClassifier.classify(statement, problem(tooDeep, parserInput)));
        } catch (Exception simpleFailure) {
            try {
                parsed = parseComplex(parserInput);
            } catch (Exception | StackOverflowError failure) {
                LOG.debug("JSqlParser failed on a statement: {}", problem(failure, parserInput));
                return List.of(FallbackClassifier.classify(statement, problem(failure, parserInput)));
            }
        }
        try {
            return new StatementMapper(statement).map(parsed);
        } catch (RuntimeException unexpectedTree) {
            // a tree shape the mapper did not foresee must not break the caller: fail closed instead
            LOG.debug("could not map a parsed statement", unexpectedTree);
            return List.of(FallbackClassifier.classify(statement,
                    "unsupported statement shape: " + unexpectedTree.getClass().getSimpleName()));
        } catch (StackOverflowError tooDeep) {
            // JSqlParser reads a long OR / AND / + chain in a loop but renders it back recursively (toString)
            return List.of(FallbackClassifier.classify(statement, problem(tooDeep, parserInput)));
        }
    }

    private static int nesting(StatementText statement) {
        int depth = 0;
        int max = 0;
        for (Token token : statement.tokens()) {
            if (token.kind() == Kind.OPEN_PAREN) {
                max = Math.max(max, ++depth);
            } else if (token.kind() == Kind.CLOSE_PAREN) {
                depth--;
            }
        }
        return max;
    }

    /** The fast path: no executor, no timeout; fine for the simple statements applications send. */
    private static Statement parseDirect(String sql) throws Exception {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(false);
        return requireWholeInput(parser, parser.Statement());
    }

    /** The slow path, bounded by a timeout: JSqlParser's complex parsing can take very long on odd input. */
    private static Statement parseComplex(String sql) throws Exception {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(true)
                .withTimeOut(COMPLEX_PARSE_TIMEOUT_MS);
        return requireWholeInput(parser, CCJSqlParserUtil.parseStatement(parser, COMPLEX_PARSING));
    }

    /** JSqlParser stops quietly after a {@code ;}: anything left over means our split disagreed with it. */
    private static Statement requireWholeInput(CCJSqlParser parser, Statement parsed) {
        if (parsed == null || parsed instanceof UnsupportedStatement) {
            throw new IllegalArgumentException("unsupported statement");
        }
        if (parser.getNextToken().kind != CCJSqlParserConstants.EOF) {
            throw new IllegalArgumentException("unexpected text after the statement");
        }
        return parsed;
    }

    /** The parser's complaint, first line only and never the SQL itself (it may hold personal data). */
    static String problem(Throwable failure, String sql) {
        if (failure instanceof StackOverflowError) {
            return "the statement is nested too deeply to parse";
        }
        Throwable cause = failure;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (sql.length() > 10) {
            message = message.replace(sql, "<sql>");
        }
        int lineEnd = message.indexOf('\n');
        message = (lineEnd >= 0 ? message.substring(0, lineEnd) : message).strip();
        return message.length() <= MAX_PROBLEM_LENGTH ? message : message.substring(0, MAX_PROBLEM_LENGTH) + "...";
    }
}
