/*
 * Build-time generator for the pure delegation under the JDBC wrappers in dev.cascadeguard.driver.intercept, in
 * the manner of HikariCP's JavassistProxyFactory but as Java source: the hand-written wrappers keep only what the
 * guard adds, and every other interface method is a one-line delegate written here.
 *
 * Run by the JDK's source launcher, no dependencies:  java GenerateDelegates.java <output directory>
 * The driver module runs it in generate-sources (exec-maven-plugin) into target/generated-sources/delegates, which
 * build-helper-maven-plugin adds as a source root.
 *
 * Output is deterministic (methods sorted by name, then parameter types) and a file is rewritten only when its text
 * changes, so an unchanged build does not make the compiler see new sources.
 */

import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

public class GenerateDelegates {

    static final String PACKAGE = "dev.cascadeguard.driver.intercept";

    /**
     * One generated class.
     *
     * @param name        the class name
     * @param typeParams  its type parameters, "" for none
     * @param iface       the JDBC interface it implements
     * @param covered     an interface whose methods the superclass already implements (null: all of iface's)
     * @param superclass  the hand-written superclass, null for none (the class then declares the field)
     * @param fieldType   the type of the {@code real} field it declares, null when the superclass has it
     * @param ctorParams  the constructor's parameters
     * @param superArgs   what the constructor passes to super(...), null when it assigns {@code real} itself
     * @param doc         the class comment
     */
    record Spec(String name, String typeParams, Class<?> iface, Class<?> covered, String superclass, String fieldType,
            String ctorParams, String superArgs, String doc) {
    }

    /*
     * The hierarchy. The statement wrappers share their guarded execution paths, so the generated layers alternate
     * with the hand-written ones (Java has one superclass):
     *
     *   DelegatingStatement<S>            (generated: every Statement method)
     *   └ GuardedStatementBase<S>         (hand-written: execution, batches, results)
     *     ├ GuardedStatement
     *     └ DelegatingPreparedStatement<P>   (generated: what PreparedStatement adds to Statement)
     *       └ GuardedPreparedStatementBase<P>   (hand-written: prepared execution, recorded parameters)
     *         ├ GuardedPreparedStatement
     *         └ DelegatingCallableStatement    (generated: what CallableStatement adds to PreparedStatement)
     *           └ GuardedCallableStatement
     *
     * The constructor strings below name the hand-written superclasses' constructor parameters.
     */
    static final List<Spec> SPECS = List.of(
            new Spec("DelegatingConnection", "", Connection.class, null, null, "Connection",
                    "Connection real", null,
                    "Every {@link Connection} method as a plain delegate; {@link GuardedConnection} overrides what the guard adds."),
            new Spec("DelegatingStatement", "<S extends Statement>", Statement.class, null, null, "S",
                    "S real", null,
                    "Every {@link Statement} method as a plain delegate; {@link GuardedStatementBase} overrides what the guard adds."),
            new Spec("DelegatingPreparedStatement", "<P extends PreparedStatement>", PreparedStatement.class,
                    Statement.class, "GuardedStatementBase<P>", null,
                    "GuardedConnection connection, P real, Checkpoint guard", "connection, real, guard",
                    "The methods {@link PreparedStatement} adds to {@link Statement}, as plain delegates;"
                            + " {@link GuardedPreparedStatementBase} overrides what the guard adds."),
            new Spec("DelegatingCallableStatement", "", CallableStatement.class, PreparedStatement.class,
                    "GuardedPreparedStatementBase<CallableStatement>", null,
                    "GuardedConnection connection, CallableStatement real, Checkpoint guard,"
                            + " Checkpoint.PreparedCheck check",
                    "connection, real, guard, check",
                    "The methods {@link CallableStatement} adds to {@link PreparedStatement}, as plain delegates;"
                            + " {@link GuardedCallableStatement} overrides what the guard adds."),
            new Spec("DelegatingResultSet", "", ResultSet.class, null, null, "ResultSet",
                    "ResultSet real", null,
                    "Every {@link ResultSet} method as a plain delegate; {@link GuardedResultSet} overrides what the guard adds."),
            new Spec("DelegatingDatabaseMetaData", "", DatabaseMetaData.class, null, null, "DatabaseMetaData",
                    "DatabaseMetaData real", null,
                    "Every {@link DatabaseMetaData} method as a plain delegate; {@link GuardedDatabaseMetaData} overrides"
                            + " what the guard adds."));

    /**
     * Generated classes whose result sets are handed out wrapped, through an abstract {@code results(ResultSet)} the
     * hand-written subclass implements: a catalog result set's {@code getStatement()} would otherwise lead to the
     * real driver's statement, and from there to an unguarded connection.
     */
    static final Set<String> WRAPS_RESULT_SETS = Set.of("DelegatingDatabaseMetaData");

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java GenerateDelegates.java <output source directory>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(dir);
        // silent on success: the build's quiet mode (the README's demo command) shows only the demo's output
        for (Spec spec : SPECS) {
            Path file = dir.resolve(spec.name() + ".java");
            String text = new GenerateDelegates(spec).generate();
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(text)) {
                Files.writeString(file, text, StandardCharsets.UTF_8);
            }
        }
    }

    private final Spec spec;
    /** Simple name to the classes referenced by it; a name used by more than one class is written qualified. */
    private final Map<String, Set<String>> referenced = new TreeMap<>();

    GenerateDelegates(Spec spec) {
        this.spec = spec;
    }

    /** The methods to delegate: the interface's, less those the superclass covers, one per signature, sorted. */
    static List<Method> methodsOf(Class<?> iface, Class<?> covered) {
        Set<String> skip = new TreeSet<>();
        if (covered != null) {
            for (Method m : covered.getMethods()) {
                skip.add(signature(m));
            }
        }
        Map<String, Method> bySignature = new TreeMap<>();
        for (Method m : iface.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || skip.contains(signature(m))) {
                continue;
            }
            // the same signature from a super-interface (AutoCloseable.close, Wrapper.unwrap): keep the most specific
            bySignature.merge(signature(m), m, (a, b) -> {
                if (a.getDeclaringClass().isAssignableFrom(b.getDeclaringClass())) {
                    return b;
                }
                if (b.getDeclaringClass().isAssignableFrom(a.getDeclaringClass())) {
                    return a;
                }
                throw new IllegalStateException("unrelated interfaces both declare " + signature(m));
            });
        }
        List<Method> methods = new ArrayList<>(bySignature.values());
        methods.sort(Comparator.comparing(Method::getName).thenComparing(GenerateDelegates::signature));
        return methods;
    }

    static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    /** Renders twice: the first pass only collects the referenced classes, so the second knows which clash. */
    String generate() {
        render();
        return render();
    }

    private String render() {
        use(spec.iface());
        StringBuilder body = new StringBuilder();
        body.append("/**\n * ").append(spec.doc()).append("\n * Generated: do not edit; see driver/src/build/GenerateDelegates.java.\n */\n");
        body.append("abstract class ").append(spec.name()).append(spec.typeParams());
        if (spec.superclass() != null) {
            body.append(" extends ").append(spec.superclass());
        }
        body.append(" implements ").append(spec.iface().getSimpleName()).append(" {\n");
        if (spec.fieldType() != null) {
            body.append("\n    /** The real driver's object: every method here calls it. */\n");
            body.append("    protected final ").append(spec.fieldType()).append(" real;\n");
        }
        body.append("\n    ").append(spec.name()).append("(").append(spec.ctorParams()).append(") {\n");
        if (spec.superArgs() != null) {
            body.append("        super(").append(spec.superArgs()).append(");\n");
        } else {
            body.append("        this.real = real;\n");
        }
        body.append("    }\n");
        if (WRAPS_RESULT_SETS.contains(spec.name())) {
            use(ResultSet.class);
            body.append("\n    /** Wraps a result set this object hands out, so that it leads back to the guard. */\n");
            body.append("    abstract ResultSet results(ResultSet rows);\n");
        }
        for (Method m : methodsOf(spec.iface(), spec.covered())) {
            body.append('\n');
            method(body, m);
        }
        body.append("}\n");

        StringBuilder out = new StringBuilder();
        out.append("// GENERATED by driver/src/build/GenerateDelegates.java from the JDK's ")
                .append(spec.iface().getName()).append(" at build time\n");
        out.append("// (driver module, generate-sources phase). Do not edit: change the hand-written wrapper instead.\n");
        out.append("package ").append(PACKAGE).append(";\n\n");
        TreeSet<String> imports = new TreeSet<>();
        referenced.forEach((simple, names) -> {
            String name = names.iterator().next();
            if (names.size() == 1 && !name.startsWith("java.lang.") && !name.startsWith(PACKAGE + ".")) {
                imports.add(name);
            }
        });
        for (String name : imports) {
            out.append("import ").append(name).append(";\n");
        }
        out.append('\n').append(body);
        return out.toString();
    }

    private void method(StringBuilder out, Method m) {
        if (m.isAnnotationPresent(Deprecated.class)) {
            out.append("    @Deprecated\n");
        }
        out.append("    @Override\n    public ");
        TypeVariable<Method>[] typeParams = m.getTypeParameters();
        if (typeParams.length > 0) {
            out.append(Arrays.stream(typeParams).map(this::declare).collect(Collectors.joining(", ", "<", "> ")));
        }
        out.append(type(m.getGenericReturnType())).append(' ').append(m.getName()).append('(');
        Type[] params = m.getGenericParameterTypes();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            String name = "arg" + i;
            names.add(name);
            if (i > 0) {
                out.append(", ");
            }
            if (m.isVarArgs() && i == params.length - 1) {
                Type component = params[i] instanceof GenericArrayType g ? g.getGenericComponentType()
                        : ((Class<?>) params[i]).getComponentType();
                out.append(type(component)).append("...");
            } else {
                out.append(type(params[i]));
            }
            out.append(' ').append(name);
        }
        out.append(')');
        Type[] exceptions = m.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            out.append(Arrays.stream(exceptions).map(this::type).collect(Collectors.joining(", ", " throws ", "")));
        }
        out.append(" {\n        ");
        if (m.getReturnType() != void.class) {
            out.append("return ");
        }
        String call = "real." + m.getName() + "(" + String.join(", ", names) + ")";
        if (m.getReturnType() == ResultSet.class && WRAPS_RESULT_SETS.contains(spec.name())) {
            call = "results(" + call + ")";
        }
        out.append(call).append(";\n    }\n");
    }

    private String declare(TypeVariable<?> variable) {
        List<Type> bounds = Arrays.stream(variable.getBounds()).filter(b -> b != Object.class).toList();
        return bounds.isEmpty() ? variable.getName()
                : variable.getName() + bounds.stream().map(this::type).collect(Collectors.joining(" & ", " extends ", ""));
    }

    private String type(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return type(c.getComponentType()) + "[]";
            }
            if (c.isPrimitive()) {
                return c.getName();
            }
            if (c.getEnclosingClass() != null) {
                return c.getCanonicalName();
            }
            return use(c);
        }
        if (type instanceof ParameterizedType p) {
            return type(p.getRawType()) + Arrays.stream(p.getActualTypeArguments()).map(this::type)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof GenericArrayType g) {
            return type(g.getGenericComponentType()) + "[]";
        }
        if (type instanceof TypeVariable<?> v) {
            return v.getName();
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + type(w.getLowerBounds()[0]);
            }
            Type[] upper = w.getUpperBounds();
            return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + type(upper[0]);
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    /** Records a top-level class and returns how to write it: simple unless another class has that simple name. */
    private String use(Class<?> c) {
        Set<String> names = referenced.computeIfAbsent(c.getSimpleName(), k -> new TreeSet<>());
        names.add(c.getName());
        return names.size() == 1 ? c.getSimpleName() : c.getName();
    }
}
