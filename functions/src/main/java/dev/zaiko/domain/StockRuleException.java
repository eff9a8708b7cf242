package dev.zaiko.domain;

/** A seller's adjustment that the ledger refuses (e.g. subtracting more than is available); nothing written. */
public class StockRuleException extends RuntimeException {
    public StockRuleException(String message) {
        super(message);
    }
}
