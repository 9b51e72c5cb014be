package dev.cascadeguard.driver.act;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.GuardListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listeners of one connection: the audit log, then those named by {@code guard.listeners}, then those added
 * with {@link CascadeGuard#addListener} (read at each event, so one added later is told too). A listener that
 * throws is logged and skipped: it never changes the decision or the data.
 */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger("cascadeguard");
    /** One instance per class named in {@code guard.listeners}, shared by every connection of the JVM. */
    private static final Map<Class<?>, GuardListener> INSTANCES = new ConcurrentHashMap<>();

    private final List<GuardListener> configured;
    private final boolean configuredWantExecutions;

    private Listeners(List<GuardListener> configured) {
        this.configured = List.copyOf(configured);
        this.configuredWantExecutions = configured.stream().anyMatch(Listeners::overridesExecuted);
    }

    /**
     * The audit log and the listeners named in {@code guard.listeners}, loaded (once per JVM) through the thread's
     * context class loader, then this one's.
     *
     * @throws IllegalArgumentException when a class cannot be found, is not a {@link GuardListener}, or cannot be
     *                                  constructed: the connection fails with the reason
     */
    public static Listeners of(List<String> classNames) {
        List<GuardListener> all = new ArrayList<>();
        all.add(AuditListener.INSTANCE);
        for (String name : new java.util.LinkedHashSet<>(classNames)) { // a name twice is one listener, told once
            all.add(instance(name));
        }
        return new Listeners(all);
    }

    private static GuardListener instance(String className) {
        Class<?> type = load(className);
        if (!GuardListener.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("guard.listeners: " + className + " does not implement "
                    + GuardListener.class.getName());
        }
        GuardListener known = INSTANCES.get(type);
        if (known != null) {
            return known;
        }
        // constructed outside the map's lock: a constructor may itself open a guarded connection
        GuardListener created;
        try {
            created = (GuardListener) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IllegalArgumentException("guard.listeners: " + className
                    + " needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("guard.listeners: the constructor of " + className + " failed: "
                    + e.getCause(), e.getCause());
        }
        GuardListener raced = INSTANCES.putIfAbsent(type, created);
        return raced != null ? raced : created;
    }

    /** Forgets the listener instances (the driver is deregistered: their class loaders may go). */
    public static void clear() {
        INSTANCES.clear();
    }

    private static Class<?> load(String className) {
        for (ClassLoader loader : new ClassLoader[]{Thread.currentThread().getContextClassLoader(),
                Listeners.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(className, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        throw new IllegalArgumentException("guard.listeners: class " + className + " not found");
    }

    void decided(GuardEvent.Decided event) {
        for (GuardListener listener : configured) {
            tell(listener, event);
        }
        for (GuardListener listener : CascadeGuard.listeners()) {
            tell(listener, event);
        }
    }

    void executed(GuardEvent.Executed event) {
        for (GuardListener listener : configured) {
            tell(listener, event);
        }
        for (GuardListener listener : CascadeGuard.listeners()) {
            tell(listener, event);
        }
    }

    /** False when no listener cares how executions end: the wrappers then skip the timing and the event. */
    boolean wantExecutions() {
        return configuredWantExecutions || !CascadeGuard.listeners().isEmpty();
    }

    /** Whether a listener overrides {@link GuardListener#executed}: looked up once, when a connection opens. */
    private static boolean overridesExecuted(GuardListener listener) {
        try {
            return listener.getClass().getMethod("executed", GuardEvent.Executed.class).getDeclaringClass()
                    != GuardListener.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static void tell(GuardListener listener, GuardEvent event) {
        try {
            if (event instanceof GuardEvent.Decided decided) {
                listener.decided(decided);
            } else if (event instanceof GuardEvent.Executed executed) {
                listener.executed(executed);
            }
        } catch (VirtualMachineError fatal) {
            throw fatal; // out of memory and the like: nothing may be swallowed
        } catch (Throwable e) {
            // an AssertionError in a test's listener, a sneaky checked exception: logged, and the statement goes on
            LOG.warn("CascadeGuard listener {} failed; the decision stands: {}", listener.getClass().getName(),
                    String.valueOf(e));
        }
    }
}
