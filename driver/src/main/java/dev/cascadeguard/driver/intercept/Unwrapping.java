package dev.cascadeguard.driver.intercept;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper#unwrap} and {@link Wrapper#isWrapperFor} for every guarded wrapper, in one place: the wrapper is
 * transparent, so asking for the wrapper's own type returns the wrapper, asking for the real object's type returns the
 * real object, and anything else is the real driver's answer (a pool's wrapper inside, the vendor's class).
 */
final class Unwrapping {

    private Unwrapping() {
    }

    static <T> T unwrap(Wrapper wrapper, Wrapper real, Class<T> iface) throws SQLException {
        if (iface.isInstance(wrapper)) {
            return iface.cast(wrapper);
        }
        if (iface.isInstance(real)) {
            return iface.cast(real);
        }
        return real.unwrap(iface);
    }

    static boolean isWrapperFor(Wrapper wrapper, Wrapper real, Class<?> iface) throws SQLException {
        return iface.isInstance(wrapper) || iface.isInstance(real) || real.isWrapperFor(iface);
    }
}
