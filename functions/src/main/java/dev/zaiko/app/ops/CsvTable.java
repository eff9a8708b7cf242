package dev.zaiko.app.ops;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV file as sellers produce it (Excel, Google Sheets, a mall's export): RFC 4180 quoting with
 * {@code ""} inside quotes and line breaks inside quoted fields, CRLF, LF or CR line ends, a UTF-8
 * byte-order mark, blank lines (skipped). UTF-8 (with or without a byte-order mark) or Shift_JIS
 * (Windows-31J / CP932: Excel's "CSV" in Japan and the malls' own exports): a file that decodes as
 * strict UTF-8 is UTF-8, else one that decodes as strict CP932 is CP932, else it is refused with the
 * line of the first undecodable byte. {@link #encoding()} says which was read.
 *
 * <p>The first record is the header; columns are found by name, so their order is free, and a
 * Japanese name (商品コード, 在庫数, 安全在庫, …: {@link #ALIASES}) stands for its English column.
 * Every problem is collected with the line it starts on; nothing is guessed.
 */
public final class CsvTable {
    /** A data record: the line it starts on and its fields by column name. */
    public record Row(int line, Map<String, String> fields) {
        public String get(String column) {
            return fields.getOrDefault(column, "");
        }
    }

    /** What the file was read as. */
    public enum Encoding {
        UTF_8("UTF-8"), UTF_8_BOM("UTF-8 (BOM)"), SHIFT_JIS("Shift_JIS (CP932)"), UNKNOWN("unknown");

        private final String label;

        Encoding(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Japanese header names sellers use (Excel sheets, the malls' CSV exports), each standing for one
     * English column. A name counts only where its column belongs to the file's format.
     */
    public static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("商品コード", "sku"), Map.entry("商品番号", "sku"), Map.entry("品番", "sku"),
            Map.entry("sku", "sku"), Map.entry("在庫数", "quantity"), Map.entry("在庫", "quantity"),
            Map.entry("数量", "quantity"), Map.entry("安全在庫", "safety_stock"),
            Map.entry("安全在庫数", "safety_stock"), Map.entry("janコード", "jan"), Map.entry("jan", "jan"),
            Map.entry("チャネルid", "channel_id"), Map.entry("チャネル", "channel_id"), Map.entry("モール", "channel_id"),
            Map.entry("モール商品キー", "item_key"), Map.entry("商品キー", "item_key"), Map.entry("入数", "units"),
            Map.entry("セット入数", "units"));

    private static final java.nio.charset.Charset CP932 = java.nio.charset.Charset.forName("windows-31j");

    private final List<String> header;
    private final List<Row> rows;
    private final List<LineError> errors;
    private final Encoding encoding;

    private CsvTable(List<String> header, List<Row> rows, List<LineError> errors, Encoding encoding) {
        this.header = List.copyOf(header);
        this.rows = List.copyOf(rows);
        this.errors = List.copyOf(errors);
        this.encoding = encoding;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** How {@link #parse} would read these bytes (UNKNOWN: neither strict UTF-8 nor strict CP932). */
    public static Encoding detect(byte[] bytes) {
        if (strictly(bytes, StandardCharsets.UTF_8).isPresent()) {
            return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                    && (bytes[2] & 0xFF) == 0xBF ? Encoding.UTF_8_BOM : Encoding.UTF_8;
        }
        return strictly(bytes, CP932).isPresent() ? Encoding.SHIFT_JIS : Encoding.UNKNOWN;
    }

    private static Optional<String> strictly(byte[] bytes, java.nio.charset.Charset charset) {
        try {
            return Optional.of(charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    public List<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Problems of the file's form (encoding, quoting, header, field counts); empty when well formed. */
    public List<LineError> errors() {
        return errors;
    }

    /**
     * @param required columns that must be in the header
     * @param optional columns that may be; any other column is an error (a typo would otherwise be ignored)
     */
    public static CsvTable parse(byte[] bytes, List<String> required, List<String> optional) {
        Encoding encoding = detect(bytes);
        if (encoding == Encoding.UNKNOWN) {
            int line = lineOfFirstBadByte(bytes);
            return new CsvTable(List.of(), List.of(), List.of(LineError.of(line, "BAD_ENCODING",
                    "the file is neither UTF-8 nor Shift_JIS (CP932): save it as \"CSV UTF-8\"")), encoding);
        }
        String text = strictly(bytes, encoding == Encoding.SHIFT_JIS ? CP932 : StandardCharsets.UTF_8).orElseThrow();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<LineError> errors = new ArrayList<>();
        List<Record> records = records(text, errors);
        if (records.isEmpty()) {
            if (errors.isEmpty()) {
                errors.add(LineError.of(0, "FILE_EMPTY", "the file is empty: expected a header "
                        + String.join(",", required), "header", String.join(",", required)));
            }
            return new CsvTable(List.of(), List.of(), errors, encoding);
        }
        Record head = records.get(0);
        List<String> header = new ArrayList<>();
        for (String name : head.fields()) {
            String plain = name.strip().toLowerCase(Locale.ROOT);
            String alias = ALIASES.get(plain.replace(" ", "").replace("\u3000", ""));
            header.add(alias != null && (required.contains(alias) || optional.contains(alias)) ? alias : plain);
        }
        String expected = String.join(",", required)
                + (optional.isEmpty() ? "" : "[," + String.join("][,", optional) + "]");
        for (String column : required) {
            if (!header.contains(column)) {
                errors.add(LineError.of(head.line(), "MISSING_COLUMN", "the header has no column '" + column
                        + "' (expected " + expected + ")", "column", column, "expected", expected));
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            if (!required.contains(column) && !optional.contains(column)) {
                errors.add(LineError.of(head.line(), "UNKNOWN_COLUMN", "unknown column '" + head.fields().get(i).strip()
                        + "' (expected " + expected + ")", "column", head.fields().get(i).strip(), "expected", expected));
            }
            if (seen.put(column, i) != null) {
                errors.add(new LineError(head.line(), "column '" + column + "' appears twice in the header"));
            }
        }
        List<Row> rows = new ArrayList<>();
        if (!errors.isEmpty() && errors.get(errors.size() - 1).line() == head.line()) {
            // A broken header makes every row's fields guesswork: report the header alone.
            errors.sort(null);
            return new CsvTable(header, rows, errors, encoding);
        }
        for (Record record : records.subList(1, records.size())) {
            if (record.fields().size() != header.size()) {
                errors.add(LineError.of(record.line(), "FIELD_COUNT", "expected " + header.size() + " fields ("
                        + String.join(",", header) + "), found " + record.fields().size(), "expected", header.size(),
                        "found", record.fields().size()));
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                fields.putIfAbsent(header.get(i), record.fields().get(i).strip());
            }
            rows.add(new Row(record.line(), fields));
        }
        errors.sort(null);
        return new CsvTable(header, rows, errors, encoding);
    }

    private record Record(int line, List<String> fields) {
    }

    /** Splits into records; a malformed record is reported and left out, the rest is still read. */
    private static List<Record> records(String text, List<LineError> errors) {
        List<Record> records = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            Optional<String> problem = Optional.empty();
            boolean quoted = false;
            boolean afterQuote = false;
            boolean endOfRecord = false;
            while (i < n && !endOfRecord) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                        } else {
                            quoted = false;
                            afterQuote = true;
                            i++;
                        }
                    } else {
                        if (c == '\n' || (c == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n'))) {
                            line++;
                        }
                        field.append(c);
                        i++;
                    }
                    continue;
                }
                switch (c) {
                    case ',' -> {
                        fields.add(field.toString());
                        field.setLength(0);
                        afterQuote = false;
                        i++;
                    }
                    case '\r', '\n' -> {
                        i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                        line++;
                        endOfRecord = true;
                    }
                    case '"' -> {
                        if (field.isEmpty() && !afterQuote) {
                            quoted = true;
                        } else if (problem.isEmpty()) {
                            problem = Optional.of("field " + (fields.size() + 1)
                                    + " has a quote (\") inside an unquoted value; quote the whole field and double the quote");
                        }
                        i++;
                    }
                    default -> {
                        if (afterQuote && problem.isEmpty() && !Character.isWhitespace(c)) {
                            problem = Optional.of("field " + (fields.size() + 1)
                                    + " has text after its closing quote");
                        }
                        if (!afterQuote) {
                            field.append(c);
                        }
                        i++;
                    }
                }
            }
            if (quoted) {
                errors.add(new LineError(start, "a quoted field is never closed (a missing \")"));
                return records;
            }
            fields.add(field.toString());
            if (problem.isPresent()) {
                errors.add(new LineError(start, problem.get()));
                continue;
            }
            boolean blank = fields.size() == 1 && fields.get(0).isBlank();
            if (!blank) {
                records.add(new Record(start, fields));
            }
        }
        return records;
    }

    private static int lineOfFirstBadByte(byte[] bytes) {
        int line = 1;
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
            if (length == 0 || i + length > bytes.length) {
                return line;
            }
            for (int k = 1; k < length; k++) {
                if ((bytes[i + k] & 0xc0) != 0x80) {
                    return line;
                }
            }
            if (b == '\n') {
                line++;
            }
            i += length;
        }
        return line;
    }
}
