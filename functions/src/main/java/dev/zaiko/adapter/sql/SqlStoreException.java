package dev.zaiko.adapter.sql;

/** The SQL store could not do what was asked (I/O, a corrupt file, a schema mismatch). */
public class SqlStoreException extends RuntimeException {
    public SqlStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
