package dev.cascadeguard.driver.dialect;

import dev.cascadeguard.driver.parse.CodeWords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The code stored in one database that destroys rows, or may, where the guard cannot count them: routines whose body
 * deletes (or calls one that does, or runs SQL built at run time, or cannot be read at all), and the triggers and
 * rules that run such code when a table's rows change. Read from the catalog by {@link Dialect#destructiveCode} and
 * cached with the foreign-key graph; a statement that calls such a routine or writes such a table is decided by
 * {@code guard.onEstimateError} where the rows are destroyed, while the definitions themselves run as any DDL.
 * Names are matched without case and without schema (a routine of that name anywhere counts), which errs on the
 * side of stopping.
 *
 * @param routines destructive routines by upper-case name
 * @param tables   by upper-case table name, why writing it runs destructive code (one line per trigger or rule)
 * @param views    views whose query calls a destructive routine (or reads such a view), by upper-case name: reading
 *                 them runs it
 */
public record DestructiveCode(Map<String, Named> routines, Map<String, List<Named>> tables, Map<String, Named> views) {

    public static final DestructiveCode NONE = new DestructiveCode(Map.of(), Map.of(), Map.of());

    /**
     * A routine, trigger or rule as the catalog names it, and why it destroys rows.
     *
     * @param events for a trigger or rule, the writes that fire it (INSERT, UPDATE, DELETE); empty where unknown,
     *               which counts as every write (and for routines and views, which no write fires)
     */
    public record Named(String name, String why, Set<String> events) {
        public Named {
            events = Set.copyOf(events);
        }

        public Named(String name, String why) {
            this(name, why, Set.of());
        }

        /** True when a statement that does {@code writes} (INSERT, UPDATE, DELETE) fires it. */
        public boolean firedByAny(Set<String> writes) {
            return events.isEmpty() || writes.stream().anyMatch(events::contains);
        }
    }

    public DestructiveCode {
        routines = Map.copyOf(routines);
        tables = Map.copyOf(tables);
        views = Map.copyOf(views);
    }

    public boolean isEmpty() {
        return routines.isEmpty() && tables.isEmpty() && views.isEmpty();
    }

    /** Collects a catalog's routines, triggers and rules; {@link #build} keeps those that destroy rows. */
    public static final class Builder {

        private record Code(String name, String body, String unreadable) {
        }

        private record Fires(String table, String kind, Set<String> events, Code code, String routine) {
        }

        private final List<Code> routines = new ArrayList<>();
        private final List<Fires> fires = new ArrayList<>();
        private final List<Code> views = new ArrayList<>();

        /** A view and its query: reading it runs whatever routine the query calls. */
        public Builder view(String name, String query) {
            if (query != null) {
                views.add(new Code(name, query, null));
            }
            return this;
        }

        /** A routine whose body the guard can read (SQL, PL/pgSQL, MariaDB's compound statements). */
        public Builder routine(String name, String body) {
            routines.add(body == null ? new Code(name, null, "its body cannot be read from the catalog")
                    : new Code(name, body, null));
            return this;
        }

        /** A routine whose body the guard cannot read (Java, C): it may do anything. */
        public Builder unreadableRoutine(String name, String why) {
            routines.add(new Code(name, null, why));
            return this;
        }

        /**
         * A trigger or rule ({@code kind}) on {@code table}, fired by {@code events} (INSERT, UPDATE, DELETE; empty
         * where unknown), whose own body is {@code body}, or unreadable with why.
         */
        public Builder fires(String table, String kind, Set<String> events, String name, String body,
                             String unreadable) {
            fires.add(new Fires(table, kind, events, new Code(name, body, body == null ? unreadable : null), null));
            return this;
        }

        /** A trigger on {@code table} that runs the routine {@code routine} (PostgreSQL's EXECUTE FUNCTION). */
        public Builder triggerRunning(String table, Set<String> events, String name, String routine) {
            fires.add(new Fires(table, "trigger", events, new Code(name, null, null), routine));
            return this;
        }

        public DestructiveCode build() {
            Map<String, Named> destructive = new HashMap<>();
            for (Code routine : routines) {
                String why = routine.unreadable() != null ? routine.unreadable() : CodeWords.destroys(routine.body());
                if (why != null) {
                    destructive.putIfAbsent(upper(routine.name()), new Named(routine.name(), why));
                }
            }
            boolean grew = true;
            while (grew) { // a routine that calls a destructive one is destructive too, however deep the calls go
                grew = false;
                for (Code routine : routines) {
                    if (routine.body() != null && !destructive.containsKey(upper(routine.name()))) {
                        Named called = firstCalled(routine.body(), destructive);
                        if (called != null) {
                            destructive.put(upper(routine.name()), new Named(routine.name(), calls(called)));
                            grew = true;
                        }
                    }
                }
            }
            Map<String, List<Named>> tables = new LinkedHashMap<>();
            for (Fires f : fires) {
                String why = why(f, destructive);
                if (why != null) {
                    tables.computeIfAbsent(upper(f.table()), k -> new ArrayList<>())
                            .add(new Named(f.kind() + " " + f.code().name() + " on " + f.table(), why, f.events()));
                }
            }
            tables.replaceAll((k, v) -> List.copyOf(v));
            return new DestructiveCode(destructive, tables, destructiveViews(destructive));
        }

        /** The views whose query calls a destructive routine, or reads such a view, to any depth. */
        private Map<String, Named> destructiveViews(Map<String, Named> destructive) {
            Map<String, Named> found = new HashMap<>();
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Code view : views) {
                    if (found.containsKey(upper(view.name()))) {
                        continue;
                    }
                    Named called = firstCalled(view.body(), destructive);
                    Named read = CodeWords.named(view.body(), found.keySet()).stream().findFirst().map(found::get)
                            .orElse(null);
                    if (called != null || read != null) {
                        found.put(upper(view.name()), new Named(view.name(), called != null ? calls(called)
                                : "it reads " + read.name() + ", which " + read.why().replaceFirst("^it ", "")));
                        grew = true;
                    }
                }
            }
            return found;
        }

        private static String why(Fires f, Map<String, Named> destructive) {
            if (f.routine() != null) {
                Named routine = destructive.get(upper(f.routine()));
                return routine == null ? null : "it runs " + routine.name() + "(), whose " + routine.why()
                        .replaceFirst("^its ", "");
            }
            if (f.code().unreadable() != null) {
                return f.code().unreadable();
            }
            String own = CodeWords.destroys(f.code().body());
            if (own != null) {
                return own;
            }
            Named called = firstCalled(f.code().body(), destructive);
            return called == null ? null : calls(called);
        }

        private static Named firstCalled(String body, Map<String, Named> destructive) {
            Set<String> called = CodeWords.calls(body, destructive.keySet());
            return called.isEmpty() ? null : destructive.get(called.iterator().next());
        }

        private static String calls(Named called) {
            return "it calls " + called.name() + "(), which destroys rows (" + called.why() + ")";
        }
    }

    static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
