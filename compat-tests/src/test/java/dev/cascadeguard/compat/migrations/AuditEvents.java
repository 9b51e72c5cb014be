package dev.cascadeguard.compat.migrations;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Collects the guard's audit events (logger {@code cascadeguard.audit}) while open, to show what a tool sent. */
final class AuditEvents implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger("cascadeguard.audit");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    AuditEvents() {
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted messages so far, oldest first. */
    List<String> messages() {
        synchronized (appender.list) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The messages, one a line, for a test's output. */
    String dump() {
        StringBuilder sb = new StringBuilder();
        messages().forEach(m -> sb.append("\n  [audit] ").append(m.replace('\n', ' ')));
        return sb.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
