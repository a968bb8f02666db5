package io.sendmailflink.udfs.model;

/** The value type of a {@link Field}: how it is stored, written as JSON and typed in SQL. */
public enum FieldType {
    /** Text; JSON string; SQL {@code STRING}. */
    STRING("STRING", "keyword"),
    /** 64-bit integer; JSON number; SQL {@code BIGINT}. */
    LONG("BIGINT", "long"),
    /** JSON true/false; SQL {@code BOOLEAN}. */
    BOOLEAN("BOOLEAN", "boolean"),
    /** List of text; JSON array of strings; SQL {@code ARRAY<STRING>}. */
    STRING_LIST("ARRAY<STRING>", "keyword[]"),
    /** An instant with the offset it was logged in; JSON ISO-8601 string; SQL {@code TIMESTAMP_LTZ(3)}. */
    TIMESTAMP("TIMESTAMP_LTZ(3)", "date");

    private final String sqlType;
    private final String specType;

    FieldType(String sqlType, String specType) {
        this.sqlType = sqlType;
        this.specType = specType;
    }

    /** The Flink SQL type of the column. */
    public String sqlType() {
        return sqlType;
    }

    /** The type name the Illuminate field table uses (keyword, long, ...). */
    public String specType() {
        return specType;
    }
}
