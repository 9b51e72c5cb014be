package dev.cascadeguard.driver.plan;

/** A foreign key's ON DELETE action, as the database really enforces it. */
public enum FkAction {
    CASCADE,
    SET_NULL,
    SET_DEFAULT,
    RESTRICT,
    NO_ACTION;

    /** Parses catalog spellings: "CASCADE", "SET NULL", "SET_NULL", "NO ACTION", PostgreSQL's 'c','n','d','r','a'. */
    public static FkAction parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace('_', ' ');
        return switch (t) {
            case "CASCADE", "C" -> CASCADE;
            case "SET NULL", "N" -> SET_NULL;
            case "SET DEFAULT", "D" -> SET_DEFAULT;
            case "RESTRICT", "R" -> RESTRICT;
            case "NO ACTION", "A", "" -> NO_ACTION;
            default -> throw new IllegalArgumentException("unknown ON DELETE action: " + text);
        };
    }

    /** From {@code DatabaseMetaData.importedKeyCascade} and friends. */
    public static FkAction fromJdbc(int deleteRule) {
        return switch (deleteRule) {
            case java.sql.DatabaseMetaData.importedKeyCascade -> CASCADE;
            case java.sql.DatabaseMetaData.importedKeySetNull -> SET_NULL;
            case java.sql.DatabaseMetaData.importedKeySetDefault -> SET_DEFAULT;
            case java.sql.DatabaseMetaData.importedKeyRestrict -> RESTRICT;
            default -> NO_ACTION;
        };
    }
}
