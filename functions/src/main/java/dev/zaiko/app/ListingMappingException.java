package dev.zaiko.app;

/** A listing is already mapped to other components and the caller did not ask to replace it (複数の商品が紐づいています). */
public class ListingMappingException extends RuntimeException {
    public ListingMappingException(String message) {
        super(message);
    }
}
