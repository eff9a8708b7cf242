package dev.zaiko.deployconfig;

import java.util.List;

/** A config file that cannot be deployed; every problem names the field it is about. */
public final class ConfigException extends IllegalArgumentException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("invalid zaiko config " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the field path ({@code channels[2].type: ...}). */
    public List<String> problems() {
        return problems;
    }
}
