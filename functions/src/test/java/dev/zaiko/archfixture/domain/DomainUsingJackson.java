package dev.zaiko.archfixture.domain;

/** Deliberately wrong (architecture-rule fixture): the domain parses JSON with a fully qualified name. */
public final class DomainUsingJackson {
    public Object parse(String json) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    }
}
