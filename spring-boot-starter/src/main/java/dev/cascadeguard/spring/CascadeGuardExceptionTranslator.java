package dev.cascadeguard.spring;

import dev.cascadeguard.driver.CascadeGuardException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

import java.sql.SQLException;

/**
 * Translates the guard's {@code XG001} / {@code XG002} / {@code XG003} into {@link CascadeGuardDataAccessException}
 * subclasses, and hands every other SQLException to the translator it wraps (null: "not mine", so the caller's
 * own translation applies, as Hibernate's does).
 *
 * <pre>{@code
 * jdbcTemplate.setExceptionTranslator(new CascadeGuardExceptionTranslator(jdbcTemplate.getExceptionTranslator()));
 * }</pre>
 */
public final class CascadeGuardExceptionTranslator implements SQLExceptionTranslator {

    private final SQLExceptionTranslator delegate;

    /** @param delegate the translator for every other SQLException, or null */
    public CascadeGuardExceptionTranslator(SQLExceptionTranslator delegate) {
        this.delegate = delegate;
    }

    /** The translator every other SQLException goes to, or null. */
    public SQLExceptionTranslator delegate() {
        return delegate;
    }

    @Override
    public DataAccessException translate(String task, String sql, SQLException ex) {
        CascadeGuardException guard = CascadeGuardDataAccessException.findGuardException(ex);
        if (guard != null) {
            return CascadeGuardDataAccessException.of(sql, guard);
        }
        return delegate == null ? null : delegate.translate(task, sql, ex);
    }
}
