package dev.zaiko.adapter.sql;

/**
 * Another connection held the write lock for longer than the busy timeout: the SQL counterpart of
 * DynamoDB's {@code TransactionConflict}, worth retrying as is.
 */
public final class SqlBusyException extends SqlStoreException {
    public SqlBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}
