package dev.cascadeguard.junit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * What a test class says about its cleanup guards: its {@link GuardedCleanup} annotations (method, class, enclosing
 * {@code @Nested} classes) and the {@link CleanupGuard}s its {@code @RegisterExtension} fields hold.
 */
final class TestClassLookup {

    private TestClassLookup() {
    }

    /** The test class and, for a {@code @Nested} (inner) class, its enclosing classes: innermost first. */
    static List<Class<?>> classes(ExtensionContext context) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c = context.getTestClass().orElse(null); c != null;
             c = Modifier.isStatic(c.getModifiers()) ? null : c.getEnclosingClass()) {
            classes.add(c);
        }
        return classes;
    }

    /** Every {@link GuardedCleanup} of the test: the method's, then the class's and enclosing classes' (most specific first). */
    static List<GuardedCleanup> annotations(ExtensionContext context) {
        List<GuardedCleanup> annotations = new ArrayList<>();
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, GuardedCleanup.class))
                .ifPresent(annotations::add);
        for (Class<?> c : classes(context)) {
            AnnotationSupport.findAnnotation(c, GuardedCleanup.class).ifPresent(annotations::add);
        }
        return annotations;
    }

    /** {@code @RegisterExtension} fields that may hold a CleanupGuard (declared as it or as a supertype: {@code Extension}...). */
    static List<Field> guardFields(Class<?> c) {
        return AnnotationSupport.findAnnotatedFields(c, RegisterExtension.class,
                f -> f.getType().isAssignableFrom(CleanupGuard.class));
    }

    /** True when a {@code @RegisterExtension} field of the test class (or an enclosing {@code @Nested} one) holds a CleanupGuard. */
    static boolean hasRegisteredGuard(ExtensionContext context) {
        for (Class<?> c : classes(context)) {
            for (Field f : guardFields(c)) {
                if (f.getType() == CleanupGuard.class) {
                    return true;
                }
            }
        }
        return !registeredGuards(context).isEmpty();
    }

    /** The CleanupGuards held by {@code @RegisterExtension} fields of the test class and enclosing {@code @Nested} classes. */
    static List<CleanupGuard> registeredGuards(ExtensionContext context) {
        List<Object> instances = context.getTestInstances().map(i -> List.copyOf(i.getAllInstances())).orElse(List.of());
        List<CleanupGuard> guards = new ArrayList<>();
        for (Class<?> c : classes(context)) {
            for (Field f : guardFields(c)) {
                Object value = null;
                if (Modifier.isStatic(f.getModifiers())) {
                    value = ReflectionSupport.tryToReadFieldValue(f, null).toOptional().orElse(null);
                } else {
                    for (Object instance : instances) {
                        if (f.getDeclaringClass().isInstance(instance)) {
                            value = ReflectionSupport.tryToReadFieldValue(f, instance).toOptional().orElse(null);
                            break;
                        }
                    }
                }
                if (value instanceof CleanupGuard guard && guards.stream().noneMatch(g -> g == guard)) {
                    guards.add(guard);
                }
            }
        }
        return guards;
    }
}
