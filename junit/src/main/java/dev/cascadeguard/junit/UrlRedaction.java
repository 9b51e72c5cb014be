package dev.cascadeguard.junit;

import java.util.regex.Pattern;

/** JDBC URLs made fit for a message: user info, Oracle's user/password and password parameters cut. */
final class UrlRedaction {

    private UrlRedaction() {
    }

    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)(password|passwd|pwd|user|username|uid|sslpassword)=(\\{(?:\\}\\}|[^}])*\\}?|[^&;)]*)");

    /**
     * The URL with its credentials cut: the user info of the authority (everything from "//" to the <b>last</b> '@'
     * before the query / properties part, so a password holding '@' or '/' goes whole), Oracle's {@code user/pw@},
     * and the values of password / user parameters (a brace-quoted value, SQL Server / ODBC style, whole).
     */
    static String redact(String url) {
        if (url == null) {
            return "(no URL)";
        }
        String u = url.replaceAll("(?i)(jdbc:oracle:[a-z]+:)[^@/]*/.*@", "$1***@");
        int slashes = u.indexOf("//");
        if (slashes >= 0) {
            int start = slashes + 2;
            int end = u.length();
            for (char c : new char[]{'?', ';'}) {
                int i = u.indexOf(c, start);
                if (i >= 0 && i < end) {
                    end = i;
                }
            }
            int at = u.lastIndexOf('@', end - 1);
            if (at >= start && !u.substring(start, at).equals("***")) {
                u = u.substring(0, start) + "***" + u.substring(at);
            }
        }
        return SECRET_PARAMETER.matcher(u).replaceAll("$1=***");
    }
}
