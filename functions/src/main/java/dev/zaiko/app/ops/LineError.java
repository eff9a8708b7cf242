package dev.zaiko.app.ops;

import java.util.Objects;

/** One problem in an input file, at a line a person can open in an editor (1-based; 0: the file as a whole). */
public record LineError(int line, String message) implements Comparable<LineError> {
    public LineError {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public int compareTo(LineError other) {
        return line != other.line ? Integer.compare(line, other.line) : message.compareTo(other.message);
    }

    @Override
    public String toString() {
        return line == 0 ? message : "line " + line + ": " + message;
    }
}
