package dev.zaiko.app.ops;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTableTest {
    static final List<String> REQUIRED = List.of("sku", "quantity");
    static final List<String> OPTIONAL = List.of("jan");

    static CsvTable parse(String text) {
        return CsvTable.parse(text.getBytes(StandardCharsets.UTF_8), REQUIRED, OPTIONAL);
    }

    @Test
    void readsBomCrlfQuotesEmbeddedLineBreaksAndJapanese() {
        CsvTable table = parse("\uFEFFSKU,Quantity,jan\r\n"
                + "\"Tシャツ,紺\",5,\r\n"
                + "\r\n"
                + "\"say \"\"hi\"\"\", 7 ,4901234567894\r\n"
                + "\"two\nlines\",1,\n"
                + "last,2,");
        assertThat(table.errors()).isEmpty();
        assertThat(table.header()).containsExactly("sku", "quantity", "jan");
        assertThat(table.rows()).extracting(CsvTable.Row::line).containsExactly(2, 4, 5, 7);
        assertThat(table.rows().get(0).fields()).isEqualTo(Map.of("sku", "Tシャツ,紺", "quantity", "5", "jan", ""));
        assertThat(table.rows().get(1).get("sku")).isEqualTo("say \"hi\"");
        assertThat(table.rows().get(1).get("quantity")).isEqualTo("7");
        assertThat(table.rows().get(2).get("sku")).isEqualTo("two\nlines");
    }

    @Test
    void reportsEveryMalformedRecordWithTheLineItStartsOn() {
        CsvTable table = parse("sku,quantity\n"
                + "a,1,extra\n"
                + "b\n"
                + "c\"d,1\n"
                + "\"e\"x,1\n"
                + "ok,3\n"
                + "\"never closed,1\n"
                + "after,1\n");
        assertThat(table.errors()).extracting(Object::toString).containsExactly(
                "line 2: expected 2 fields (sku,quantity), found 3",
                "line 3: expected 2 fields (sku,quantity), found 1",
                "line 4: field 1 has a quote (\") inside an unquoted value; quote the whole field and double the quote",
                "line 5: field 1 has text after its closing quote",
                "line 7: a quoted field is never closed (a missing \")");
        assertThat(table.rows()).extracting(r -> r.get("sku")).containsExactly("ok");
    }

    @Test
    void checksTheHeader() {
        assertThat(parse("sku,qty,colour\nA,1,red\n").errors()).extracting(Object::toString).containsExactly(
                "line 1: the header has no column 'quantity' (expected sku,quantity[,jan])",
                "line 1: unknown column 'colour' (expected sku,quantity[,jan])",
                "line 1: unknown column 'qty' (expected sku,quantity[,jan])");
        assertThat(parse("sku,quantity,sku\n").errors()).extracting(Object::toString)
                .containsExactly("line 1: column 'sku' appears twice in the header");
        assertThat(parse("").errors()).extracting(Object::toString)
                .containsExactly("the file is empty: expected a header sku,quantity");
    }

    @Test
    void refusesShiftJisWithTheLineOfTheFirstBadByte() {
        byte[] sjis = "sku,quantity\nA,1\nＴシャツ,2\n".getBytes(Charset.forName("Shift_JIS"));
        CsvTable table = CsvTable.parse(sjis, REQUIRED, OPTIONAL);
        assertThat(table.errors()).extracting(Object::toString).containsExactly(
                "line 3: the file is not UTF-8 (Excel's \"CSV\" is Shift_JIS in Japan: save as \"CSV UTF-8\")");
    }

    @Test
    void janCheckDigits() {
        assertThat(Jan.problem("4901234567894")).isEmpty();
        assertThat(Jan.problem("49123456")).isEmpty();
        assertThat(Jan.problem("4901234567890")).contains("jan 4901234567890 has a wrong check digit (expected 4)");
        assertThat(Jan.problem("49012345")).contains("jan 49012345 has a wrong check digit (expected 7)");
        assertThat(Jan.problem("12345")).contains("jan must be 13 (or 8) digits (got \"12345\")");
    }
}
