package dev.cascadeguard.junit;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Whether a host as a JDBC URL writes it is this machine's loopback interface, read without resolving any name. */
final class LoopbackAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private LoopbackAddresses() {
    }

    /** True for localhost, 127.0.0.0/8, ::1 (any spelling) and ::ffff:127.x.x.x. */
    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        Matcher v4 = IPV4.matcher(h);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return false;
                }
            }
            return v4.group(1).equals("127");
        }
        if (h.contains(":")) {
            int zone = h.indexOf('%');
            if (zone >= 0) {
                h = h.substring(0, zone);
            }
            if (h.startsWith("::ffff:")) {
                return isLoopback(h.substring(7));
            }
            long[] groups = ipv6(h);
            if (groups == null) {
                return false;
            }
            for (int i = 0; i < 7; i++) {
                if (groups[i] != 0) {
                    return false;
                }
            }
            return groups[7] == 1;
        }
        return false;
    }

    private static long[] ipv6(String h) {
        String[] halves = h.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        List<String> head = halves[0].isEmpty() ? List.of() : List.of(halves[0].split(":"));
        List<String> tail = halves.length == 2 && !halves[1].isEmpty() ? List.of(halves[1].split(":")) : List.of();
        int missing = 8 - head.size() - tail.size();
        if (missing < 0 || (halves.length == 1 && missing != 0)) {
            return null;
        }
        long[] groups = new long[8];
        try {
            for (int i = 0; i < head.size(); i++) {
                groups[i] = Long.parseLong(head.get(i), 16);
            }
            for (int i = 0; i < tail.size(); i++) {
                groups[8 - tail.size() + i] = Long.parseLong(tail.get(i), 16);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return groups;
    }
}
