package dev.cascadeguard.driver.enforce;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a secret could leak into during a test: every log line of every logger (the guard's own at TRACE),
 * with key-value fields and stack traces, plus the texts added with {@link #add} and {@link #addThrown}.
 */
final class LeakCapture implements AutoCloseable {

    private static final List<String> GUARD_LOGGERS = List.of("cascadeguard", "dev.cascadeguard");

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final List<Level> levelsBefore = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    LeakCapture() {
        appender.start();
        root.addAppender(appender);
        for (String name : GUARD_LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levelsBefore.add(logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
    }

    void add(Object shown) {
        texts.add(String.valueOf(shown));
    }

    /** The throwable's whole printed stack trace: every message and cause. */
    void addThrown(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        texts.add(trace.toString());
    }

    /** Every captured text and log line; log lines with their fields and throwables. */
    List<String> everything() {
        List<String> all = new ArrayList<>(texts);
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            all.add(event.getLoggerName() + " " + event.getFormattedMessage() + " " + event.getKeyValuePairs()
                    + " " + java.util.Arrays.toString(event.getArgumentArray()));
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                all.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        return all;
    }

    int logLines() {
        return appender.list.size();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        for (int i = 0; i < GUARD_LOGGERS.size(); i++) {
            ((Logger) LoggerFactory.getLogger(GUARD_LOGGERS.get(i))).setLevel(levelsBefore.get(i));
        }
    }
}
