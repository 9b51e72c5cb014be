package dev.cascadeguard.junit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wrong-database rule, a pure function of the JDBC URL: a database looks like a test database when it is in
 * memory or in a local file (H2 {@code mem:} / {@code file:} / a path, SQLite, HSQLDB {@code mem:} / {@code file:},
 * Derby embedded), or when every host of a server URL is a loopback address ({@code localhost}, 127.0.0.0/8,
 * {@code ::1}), or when the URL matches the configured pattern ({@code cascadeguard.testDatabases}). No name is
 * resolved: a host name other than {@code localhost} is not a test database, whatever it resolves to.
 */
public final class TestDatabaseCheck {

    /** The configuration key (system property or junit-platform.properties) of the extra pattern. */
    public static final String PATTERN_KEY = "cascadeguard.testDatabases";

    /** @param testDatabase true when cleanup may run; {@code why} says what the URL was taken for */
    public record Verdict(boolean testDatabase, String why) {
    }

    private static final Pattern GUARD_PREFIX = Pattern.compile("^(?i)jdbc:guard:");

    private TestDatabaseCheck() {
    }

    /** The verdict on {@code url}, with {@code configured} (may be null) as the extra allowed pattern. */
    public static Verdict check(String url, Pattern configured) {
        if (url == null || url.isBlank()) {
            return new Verdict(false, "the connection reports no URL");
        }
        String plain = strip(url.trim());
        if (configured != null && (configured.matcher(url.trim()).matches() || configured.matcher(plain).matches())) {
            return new Verdict(true, "matches " + PATTERN_KEY + "=" + configured.pattern());
        }
        return classify(plain);
    }

    /** The verdict on {@code url} by its shape alone. */
    public static Verdict classify(String url) {
        String u = strip(url.trim());
        String lower = u.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:")) {
            return new Verdict(false, "not a JDBC URL");
        }
        String rest = lower.substring(5);
        String original = u.substring(5);
        if (rest.startsWith("h2:")) {
            String h2 = rest.substring(3);
            if (h2.startsWith("tcp://") || h2.startsWith("ssl://")) {
                return hosts(original.substring(3 + 6), "an H2 server");
            }
            return new Verdict(true, h2.startsWith("mem:") ? "an in-memory database" : "a local file database");
        }
        if (rest.startsWith("sqlite:")) {
            return new Verdict(true, "a local SQLite database");
        }
        if (rest.startsWith("hsqldb:")) {
            String h = rest.substring(7);
            if (h.startsWith("mem:")) {
                return new Verdict(true, "an in-memory database");
            }
            if (h.startsWith("file:") || h.startsWith("res:")) {
                return new Verdict(true, "a local file database");
            }
            for (String scheme : List.of("hsql://", "hsqls://", "http://", "https://")) {
                if (h.startsWith(scheme)) {
                    return hosts(original.substring(7 + scheme.length()), "an HSQLDB server");
                }
            }
            return new Verdict(false, "an HSQLDB URL of unknown form");
        }
        if (rest.startsWith("derby:")) {
            String d = rest.substring(6);
            if (d.startsWith("//")) {
                return hosts(original.substring(8), "a Derby network server");
            }
            return new Verdict(true, d.startsWith("memory:") ? "an in-memory database" : "an embedded (local) database");
        }
        if (rest.startsWith("oracle:")) {
            int at = original.indexOf('@');
            if (at < 0) {
                return new Verdict(false, "an Oracle URL with no host");
            }
            String hostPart = original.substring(at + 1);
            if (hostPart.startsWith("(")) {
                return hostsFromDescription(hostPart);
            }
            if (hostPart.startsWith("//")) {
                hostPart = hostPart.substring(2);
            }
            return hosts(hostPart, "an Oracle server");
        }
        int scheme = rest.indexOf("://");
        if (scheme > 0 && rest.substring(0, scheme).matches("[a-z0-9:+.\\-]+")) {
            String kind = rest.substring(0, scheme);
            String authority = original.substring(scheme + 3);
            if (kind.equals("sqlserver")) {
                return sqlServer(authority);
            }
            boolean emptyIsLocalhost = defaultsToLocalhost(kind);
            Verdict verdict;
            if (authority.isEmpty() || authority.startsWith("/") || authority.startsWith("?")) {
                verdict = emptyIsLocalhost ? new Verdict(true, "a server on localhost (no host given)")
                        : new Verdict(false, "a URL whose host cannot be read (no host given, and this driver"
                        + " does not default to localhost)");
            } else {
                verdict = hosts(authority, "a server", emptyIsLocalhost);
            }
            return verdict.testDatabase() && kind.equals("postgresql") ? postgresParameters(original, verdict) : verdict;
        }
        // jdbc:postgresql:dbname (localhost:5432 by the driver's definition)
        if (rest.matches("postgresql:[^/][^:]*") || rest.matches("postgresql:/[^/].*")) {
            return postgresParameters(original, new Verdict(true, "a server on localhost (no host given)"));
        }
        return new Verdict(false, "a URL whose host cannot be read");
    }

    /**
     * Drivers that take an empty host for localhost: pgjdbc ({@code jdbc:postgresql:///db}), MySQL Connector/J and
     * MariaDB Connector/J ({@code jdbc:mysql:///db}, also in a host list or {@code address=(port=3306)}), and the
     * SQL Server driver ({@code jdbc:sqlserver://;databaseName=db}). Any other empty host is not read as a loopback one.
     */
    private static boolean defaultsToLocalhost(String kind) {
        return kind.equals("postgresql") || kind.matches("(mysql|mariadb)(:[a-z:]+)?");
    }

    /**
     * pgjdbc's query parameters that replace the URL's host: {@code PGHOST} (and {@code host}), a comma-separated list,
     * must be loopback as well; {@code service} (a pg_service.conf entry) names a host this check cannot read.
     */
    private static Verdict postgresParameters(String original, Verdict verdict) {
        int q = original.indexOf('?');
        if (q < 0) {
            return verdict;
        }
        for (String pair : original.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key;
            String value;
            try {
                key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).trim();
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                return new Verdict(false, "a PostgreSQL URL whose parameters, and so its host, cannot be read");
            }
            if (key.equalsIgnoreCase("service")) {
                return new Verdict(false, "a PostgreSQL URL naming a connection service (service=" + value
                        + "): its host cannot be read");
            }
            if ((key.equalsIgnoreCase("PGHOST") || key.equalsIgnoreCase("host")) && !value.isEmpty()) {
                for (String entry : value.split(",")) {
                    String host = hostOf(entry.trim());
                    if (!host.isEmpty() && !LoopbackAddresses.isLoopback(host)) {
                        return new Verdict(false, "a server on " + host + " (" + key + "=), not a loopback address");
                    }
                }
            }
        }
        return verdict;
    }

    /**
     * {@code jdbc:sqlserver://[serverName[\instance][:port]][;key=value...]}: the host before the first ';' and the
     * {@code serverName} / {@code server} / {@code host} / {@code address} / {@code failoverPartner} properties
     * (values may be brace-quoted) must all be loopback; none at all is localhost, the driver's default.
     */
    private static Verdict sqlServer(String afterSlashes) {
        List<String> parts = splitOutside(afterSlashes, ';');
        List<String> hosts = new ArrayList<>();
        hosts.add(hostOf(sqlServerHost(parts.get(0).trim())));
        for (String property : parts.subList(1, parts.size())) {
            int eq = property.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = property.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = property.substring(eq + 1).trim();
            if (value.startsWith("{") && value.endsWith("}")) {
                value = value.substring(1, value.length() - 1).replace("}}", "}").trim();
            }
            if (List.of("servername", "server", "host", "address", "failoverpartner").contains(key)) {
                hosts.add(hostOf(sqlServerHost(value)));
            }
        }
        for (String host : hosts) {
            if (!host.isEmpty() && !LoopbackAddresses.isLoopback(host)) {
                return new Verdict(false, "a SQL Server on " + host + ", not a loopback address");
            }
        }
        return hosts.stream().allMatch(String::isEmpty)
                ? new Verdict(true, "a SQL Server on localhost (no host given)")
                : new Verdict(true, "a SQL Server on a loopback address");
    }

    /** "host\instance", "host:port", "tcp:host,port": the host part. */
    private static String sqlServerHost(String spec) {
        String s = spec;
        if (s.regionMatches(true, 0, "tcp:", 0, 4)) {
            s = s.substring(4);
        }
        int backslash = s.indexOf('\\');
        if (backslash >= 0) {
            s = s.substring(0, backslash);
        }
        int comma = s.indexOf(',');
        if (comma >= 0) {
            s = s.substring(0, comma);
        }
        return s.trim();
    }

    private static Verdict hosts(String authority, String what) {
        return hosts(authority, what, false);
    }

    /**
     * Hosts of "[user[:pw]@]host[:port][,host[:port]...][/...|?...|;...]", each entry a plain host or MySQL's
     * "(host=..,port=..)" / "address=(host=..)(port=..)" form. An empty host is localhost only where
     * {@code emptyIsLocalhost} (the driver's default); elsewhere it cannot be read.
     */
    private static Verdict hosts(String authority, String what, boolean emptyIsLocalhost) {
        int userInfoEnd = authority.length();
        for (char c : new char[]{'?', ';'}) {
            int i = indexOutsideBrackets(authority, c);
            if (i >= 0 && i < userInfoEnd) {
                userInfoEnd = i;
            }
        }
        int at = authority.lastIndexOf('@', userInfoEnd - 1);
        String rest = at >= 0 ? authority.substring(at + 1) : authority;
        int end = rest.length();
        for (char c : new char[]{'/', '?', ';'}) {
            int i = indexOutsideBrackets(rest, c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        List<String> hosts = new ArrayList<>();
        for (String entry : splitOutside(rest.substring(0, end), ',')) {
            String e = entry.trim();
            if (e.contains("(")) {
                Matcher keyed = Pattern.compile("(?i)\\bhost\\s*=\\s*([^,)\\s]*)").matcher(e);
                boolean any = false;
                while (keyed.find()) {
                    any = true;
                    hosts.add(keyed.group(1).trim());
                }
                if (!any) {
                    hosts.add("");
                }
            } else {
                hosts.add(hostOf(e));
            }
        }
        for (String host : hosts) {
            if (host.isEmpty()) {
                if (!emptyIsLocalhost) {
                    return new Verdict(false, what + " whose host cannot be read (no host given, and this driver"
                            + " does not default to localhost)");
                }
            } else if (!LoopbackAddresses.isLoopback(host)) {
                return new Verdict(false, what + " on " + host + ", not a loopback address");
            }
        }
        return hosts.stream().allMatch(String::isEmpty) ? new Verdict(true, what + " on localhost (no host given)")
                : new Verdict(true, what + " on a loopback address");
    }

    private static Verdict hostsFromDescription(String description) {
        Matcher m = Pattern.compile("(?i)\\(\\s*host\\s*=\\s*([^)\\s]+)\\s*\\)").matcher(description);
        boolean any = false;
        while (m.find()) {
            any = true;
            if (!LoopbackAddresses.isLoopback(m.group(1))) {
                return new Verdict(false, "an Oracle server on " + m.group(1) + ", not a loopback address");
            }
        }
        return any ? new Verdict(true, "an Oracle server on a loopback address")
                : new Verdict(false, "an Oracle descriptor with no HOST");
    }

    private static String hostOf(String entry) {
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            return close > 0 ? entry.substring(1, close) : entry;
        }
        long colons = entry.chars().filter(c -> c == ':').count();
        if (colons > 1 && entry.matches("[0-9a-fA-F:.%]+")) {
            return entry; // a bare IPv6 address
        }
        int colon = entry.indexOf(':');
        return colon >= 0 ? entry.substring(0, colon) : entry;
    }

    private static int indexOutsideBrackets(String s, char wanted) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == wanted && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at {@code separator} outside (), [] and SQL Server's {} quoting. */
    private static List<String> splitOutside(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static String strip(String url) {
        String u = url;
        while (GUARD_PREFIX.matcher(u).find()) {
            u = "jdbc:" + u.substring("jdbc:guard:".length());
        }
        return u;
    }
}
