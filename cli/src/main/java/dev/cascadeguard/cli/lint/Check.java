package dev.cascadeguard.cli.lint;

import java.util.List;

/** One family of findings. Checks only read the facts and trees; the catalog was read before. */
interface Check {

    List<Finding> run(SchemaFacts facts, List<CascadeNode> trees);

    /** Every check, in the order their findings are listed. */
    static List<Check> all() {
        return List.of(new ChainCheck(), new ProtectedTableCheck(), new CycleCheck(), new TriggerCheck(),
                new SetActionCheck(), new IndexCheck(), new TruncateReachCheck());
    }
}
