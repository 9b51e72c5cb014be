package dev.cascadeguard.spring.boot;

import dev.cascadeguard.driver.CascadeGuard;
import dev.cascadeguard.driver.GuardEvent;
import dev.cascadeguard.driver.GuardListener;
import org.springframework.beans.factory.DisposableBean;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the guard's decisions by verdict, from its registration (at the application's start) to the context's
 * close, and remembers the last statement it stopped. Listeners are JVM-wide: every guarded connection in the JVM
 * is counted, not only this application's DataSource beans.
 */
public class CascadeGuardDecisionCounter implements GuardListener, DisposableBean {

    private final Map<GuardEvent.Verdict, LongAdder> counts = new EnumMap<>(GuardEvent.Verdict.class);
    private final AtomicReference<String> lastStopped = new AtomicReference<>();
    private final CascadeGuard.Registration registration;

    public CascadeGuardDecisionCounter() {
        for (GuardEvent.Verdict verdict : GuardEvent.Verdict.values()) {
            counts.put(verdict, new LongAdder());
        }
        this.registration = CascadeGuard.addListener(this);
    }

    @Override
    public void decided(GuardEvent.Decided event) {
        counts.get(event.verdict()).increment();
        if (event.verdict() == GuardEvent.Verdict.STOPPED) {
            var d = event.report().decision();
            // the rule that fired, not the reasons: those may carry a database's error text or a person's reason
            lastStopped.set(d.action() + " " + d.totalRows() + " rows by " + (d.rule().isEmpty() ? "-" : d.rule()));
        }
    }

    /** How many decisions had this verdict. */
    public long count(GuardEvent.Verdict verdict) {
        return counts.get(verdict).sum();
    }

    /** Counts by verdict in lower case with dashes ({@code stopped}, {@code would-stop}, ...). */
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((verdict, n) -> out.put(verdict.name().toLowerCase(Locale.ROOT).replace('_', '-'), n.sum()));
        return out;
    }

    /** The last stopped statement's decision in one line, or null. */
    public String lastStopped() {
        return lastStopped.get();
    }

    @Override
    public void destroy() {
        registration.close();
    }
}
