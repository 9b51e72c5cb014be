package dev.cascadeguard.rules;

import java.util.Optional;

/**
 * The per-table thresholds that apply to one table. Each threshold is looked up on its own: a
 * schema-qualified key ({@code guard.table.public.users.blockAbove}) wins over a bare one
 * ({@code guard.table.users.blockAbove}), and a threshold the qualified keys leave unset still comes from the
 * bare key.
 */
public record TableRule(Optional<TableThreshold> confirmAbove, Optional<TableThreshold> blockAbove) {
    public TableRule {
        confirmAbove = confirmAbove == null ? Optional.empty() : confirmAbove;
        blockAbove = blockAbove == null ? Optional.empty() : blockAbove;
    }

    boolean isEmpty() {
        return confirmAbove.isEmpty() && blockAbove.isEmpty();
    }
}
