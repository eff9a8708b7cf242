package dev.zaiko.schema;

/** The DynamoDB scalar types a key attribute may have. */
public enum AttributeType {
    STRING("S"),
    NUMBER("N");

    private final String dynamoCode;

    AttributeType(String dynamoCode) {
        this.dynamoCode = dynamoCode;
    }

    /** The one-letter type code DynamoDB uses in its API ("S", "N"). */
    public String dynamoCode() {
        return dynamoCode;
    }
}
