package dev.cascadeguard.cli.picture;

import java.util.List;

/**
 * A {@link Picture} as a Mermaid flowchart, as GitHub renders it in a {@code ```mermaid} block: labels are quoted
 * (so table names with odd characters pass) and quotes inside are written as {@code #quot;}.
 */
public final class Mermaid {

    private Mermaid() {
    }

    public static String render(Picture picture) {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (Picture.Node node : picture.nodes()) {
            out.append("  ").append(node.id()).append("[\"").append(lines(node.lines())).append("\"]\n");
        }
        for (Picture.Edge edge : picture.edges()) {
            String arrow = edge.style() == Picture.Style.WOULD_FAIL ? " -.->" : " -->";
            out.append("  ").append(edge.from()).append(arrow).append("|\"").append(escape(edge.label()))
                    .append("\"| ").append(edge.to()).append('\n');
        }
        out.append("  classDef root fill:#dbe9ff,stroke:#1f5fbf,stroke-width:2px\n")
                .append("  classDef deleted fill:#ffe3e3,stroke:#c92a2a\n")
                .append("  classDef changed fill:#fff3bf,stroke:#e67700\n")
                .append("  classDef wouldFail fill:#f1f3f5,stroke:#495057,stroke-dasharray:4 3\n")
                .append("  classDef protected fill:#c92a2a,stroke:#5c0000,stroke-width:3px,color:#ffffff\n");
        for (Picture.Style style : Picture.Style.values()) {
            List<String> ids = picture.nodes().stream().filter(n -> n.style() == style).map(Picture.Node::id).toList();
            if (!ids.isEmpty()) {
                out.append("  class ").append(String.join(",", ids)).append(' ').append(className(style)).append('\n');
            }
        }
        return out.toString();
    }

    private static String className(Picture.Style style) {
        return switch (style) {
            case ROOT -> "root";
            case DELETED -> "deleted";
            case CHANGED -> "changed";
            case WOULD_FAIL -> "wouldFail";
            case PROTECTED -> "protected";
        };
    }

    private static String lines(List<String> lines) {
        return String.join("<br/>", lines.stream().map(Mermaid::escape).toList());
    }

    private static String escape(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("\n", " ");
    }
}
