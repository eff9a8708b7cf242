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
    void readsShiftJisAndJapaneseHeaders() {
        byte[] sjis = "商品コード,在庫数,ＪＡＮコード\nA,1,\nＴシャツ,2,\n".replace("ＪＡＮ", "JAN")
                .getBytes(Charset.forName("windows-31j"));
        CsvTable table = CsvTable.parse(sjis, REQUIRED, OPTIONAL);
        assertThat(table.errors()).isEmpty();
        assertThat(table.encoding()).isEqualTo(CsvTable.Encoding.SHIFT_JIS);
        assertThat(table.header()).containsExactly("sku", "quantity", "jan");
        assertThat(table.rows()).extracting(r -> r.get("sku") + "=" + r.get("quantity")).containsExactly("A=1", "Ｔシャツ=2");
        // CP932's own characters (NEC/IBM extensions such as ① and the wave dash ～) decode too.
        byte[] cp932 = "sku,quantity\n①～,3\n".getBytes(Charset.forName("windows-31j"));
        assertThat(CsvTable.parse(cp932, REQUIRED, OPTIONAL).rows()).extracting(r -> r.get("sku")).containsExactly("①～");
    }

    @Test
    void tellsUtf8WithAndWithoutBom() {
        byte[] plain = "sku,quantity\n煎茶,1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bom = ("\uFEFF" + "sku,quantity\n煎茶,1\n").getBytes(StandardCharsets.UTF_8);
        assertThat(CsvTable.parse(plain, REQUIRED, OPTIONAL).encoding()).isEqualTo(CsvTable.Encoding.UTF_8);
        assertThat(CsvTable.parse(bom, REQUIRED, OPTIONAL).encoding()).isEqualTo(CsvTable.Encoding.UTF_8_BOM);
        assertThat(CsvTable.parse(bom, REQUIRED, OPTIONAL).rows()).extracting(r -> r.get("sku")).containsExactly("煎茶");
    }

    @Test
    void refusesBytesThatAreNeitherWithTheLineOfTheFirstBadByte() {
        byte[] bad = {'s', 'k', 'u', ',', 'q', 'u', 'a', 'n', 't', 'i', 't', 'y', '\n', 'A', ',', '1', '\n',
                (byte) 0x82, (byte) 0xFF, ',', '2', '\n'};
        CsvTable table = CsvTable.parse(bad, REQUIRED, OPTIONAL);
        assertThat(table.encoding()).isEqualTo(CsvTable.Encoding.UNKNOWN);
        assertThat(table.errors()).extracting(Object::toString).containsExactly(
                "line 3: the file is neither UTF-8 nor Shift_JIS (CP932): save it as \"CSV UTF-8\"");
        assertThat(table.errors().get(0).code()).isEqualTo("BAD_ENCODING");
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
