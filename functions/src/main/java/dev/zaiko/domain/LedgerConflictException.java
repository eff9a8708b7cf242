package dev.zaiko.domain;

/**
 * The ledger kept losing races for the same items and gave up for now. The caller retries the
 * whole event later (for SQS: a batch item failure), which is safe because nothing was written.
 */
public class LedgerConflictException extends RuntimeException {
    public LedgerConflictException(String message) {
        super(message);
    }
}
