package dev.cascadeguard.driver;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real driver's connection failure, with the passwords of the URL and the connection properties taken out.
 * Some drivers quote the URL they could not read (MariaDB Connector/J: "Incorrect port value : secret@host" for a
 * {@code user:secret@host} URL; pgjdbc names the unknown host {@code user:secret@host}), and such a message ends up
 * in application logs and pool errors, so the guard, which forwards it, removes what it knows to be secret.
 */
final class ConnectFailures {

    /** URL parameters and property keys that carry secrets, in every driver's spelling. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|pwd|secret).*");
    /** {@code key=value} in a query string ({@code ?a=b&c=d}) or H2's {@code ;KEY=value} settings. */
    private static final Pattern URL_PARAMETER = Pattern.compile("[?;&]([^=;&?]+)=([^;&]*)");
    /** {@code //user:password@} before the host. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/:@]*:([^/@]*)@");
    private static final String MASK = "***";

    private ConnectFailures() {
    }

    /** {@code failure} itself when it holds none of the secrets, else a copy of it and its causes without them. */
    static SQLException withoutSecrets(SQLException failure, String url, Properties info) {
        List<String> secrets = secrets(url, info);
        if (secrets.isEmpty() || !mentions(failure, secrets)) {
            return failure;
        }
        SQLException clean = new SQLException(masked(failure.getMessage(), secrets), failure.getSQLState(),
                failure.getErrorCode(), copy(failure.getCause(), secrets));
        clean.setStackTrace(failure.getStackTrace());
        return clean;
    }

    /** The secrets, longest first, so that one secret inside another is masked whole. */
    static List<String> secrets(String url, Properties info) {
        List<String> secrets = new ArrayList<>();
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                if (SECRET_KEY.matcher(key).matches()) {
                    addSecret(secrets, info.getProperty(key));
                }
            }
        }
        if (url != null) {
            Matcher parameters = URL_PARAMETER.matcher(url);
            while (parameters.find()) {
                if (SECRET_KEY.matcher(parameters.group(1)).matches()) {
                    addSecret(secrets, parameters.group(2));
                }
            }
            Matcher userInfo = USER_INFO.matcher(url);
            if (userInfo.find()) {
                addSecret(secrets, userInfo.group(1));
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return secrets;
    }

    private static void addSecret(List<String> secrets, String value) {
        if (value != null && !value.isEmpty() && !secrets.contains(value)) {
            secrets.add(value);
            String decoded = java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
            if (!decoded.equals(value) && !secrets.contains(decoded)) {
                secrets.add(decoded); // a driver may quote the password as it decoded it
            }
        }
    }

    private static boolean mentions(Throwable failure, List<String> secrets) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (secrets.stream().anyMatch(s -> message.contains(s.toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }

    private static String masked(String message, List<String> secrets) {
        if (message == null) {
            return null;
        }
        String result = message;
        for (String secret : secrets) {
            result = Pattern.compile(Pattern.quote(secret), Pattern.CASE_INSENSITIVE).matcher(result)
                    .replaceAll(Matcher.quoteReplacement(MASK));
        }
        return result;
    }

    /** The cause chain as plain exceptions that keep each class name, masked message and stack trace. */
    private static Throwable copy(Throwable cause, List<String> secrets) {
        if (cause == null) {
            return null;
        }
        Throwable clean = new Exception(cause.getClass().getName() + ": " + masked(cause.getMessage(), secrets),
                copy(cause.getCause(), secrets));
        clean.setStackTrace(cause.getStackTrace());
        return clean;
    }
}
