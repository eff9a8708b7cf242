package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real Yahoo payloads in shared/fixtures/yahoo, read by the adapter's own parsers. */
class YahooFixturesTest {

    private static List<YahooStockResults.ItemResult> stock(String fixture) {
        return YahooStockResults.read(SharedFixtures.read("yahoo/" + fixture), fixture);
    }

    @Test
    void getStockCaptureGivesTheShownQuantity() {
        assertThat(stock("getStock-response-t4traw.xml")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("test1234");
            assertThat(r.ok()).isTrue();
            assertThat(r.quantity()).isEqualTo(OptionalLong.of(12));
        });
        assertThat(stock("getStock-response-kamiya54.xml")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("kc-d50-w");
            assertThat(r.quantity()).isEqualTo(OptionalLong.of(3));
        });
    }

    @Test
    void aCodeGetStockDoesNotKnowIsAFailedResultWithoutQuantity() {
        // Pretty-printed by its author: values are surrounded by whitespace.
        List<YahooStockResults.ItemResult> results = stock("getStock-multi-with-ng-response-kamiya54.xml");

        assertThat(results).hasSize(2);
        assertThat(results.get(0).key()).isEqualTo("item-01:sub-01");
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(0).quantity()).isEqualTo(OptionalLong.of(10));
        assertThat(results.get(1).key()).isEqualTo("item-01:sub-02");
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(1).code()).isEqualTo("STATUS_0");
        assertThat(results.get(1).quantity()).isEmpty();
    }

    @Test
    void setStockAnswersEchoEachItemAsWritten() {
        assertThat(stock("setStock-response-t4traw.xml")).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("test1234");
            assertThat(r.ok()).isTrue();
            assertThat(r.quantity()).isEqualTo(OptionalLong.of(6));
        });
        assertThat(stock("setStock-response-kamiya54.xml")).singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo("item_01:sub_01"));
        assertThat(stock("setStock-multi-response-kamiya54.xml")).extracting(YahooStockResults.ItemResult::key)
                .containsExactly("item_01:sub_01", "item_02:sub_01");
    }

    @Test
    void theRecordedRequestBodiesMatchWhatTheAdapterSends() {
        assertThat(YahooApi.formBody(new java.util.LinkedHashMap<>(java.util.Map.of("seller_id", "<YOUR_SELLER_ID>"))))
                .isEqualTo("seller_id=%3CYOUR_SELLER_ID%3E");
        assertThat(SharedFixtures.read("yahoo/setStock-request-t4traw.txt").trim())
                .isEqualTo("seller_id=<YOUR_SELLER_ID>&item_code=test1234&quantity=6");
    }

    @Test
    void anItemNgAnswerIsReadPerItemWithYahoosCode() {
        // The real per-item NG shape (item API); setStock's per-item failures are read the same way.
        org.w3c.dom.Element root = YahooXml.parse(SharedFixtures.read("yahoo/editItem-error-ng-response-kamiya54.xml"),
                "editItem");
        org.w3c.dom.Element result = YahooXml.child(root, "Result").orElseThrow();

        YahooErrors.MallError error = YahooStockResults.itemError(result);

        assertThat(YahooXml.text(result, "Status")).contains("NG");
        assertThat(error.code()).isEqualTo("it-01001");
        assertThat(error.message()).isEqualTo("パスは最大8階層です。");
    }

    @Test
    void theStockErrorWithLiteralEscapesStillGivesCodeAndMessage() {
        // The file holds literal \" and \n (dumped from a Ruby string), so it is not well-formed XML.
        ChannelException e = YahooErrors.classify("Yahoo setStock", 400,
                SharedFixtures.read("yahoo/stock-error-invalid-params-kamiya54.xml"), Optional.empty(), Optional.empty());

        assertThat(e.kind()).isEqualTo(PushStatus.REJECTED);
        assertThat(e.mallCode()).isEqualTo("st-02101");
        assertThat(e.getMessage()).isEqualTo("Yahoo setStock: HTTP 400 st-02101 item_code() is invalid format.");
    }

    @Test
    void theExpiredTokenBodyIsAuthWithTheOauthErrorAsCode() {
        ChannelException e = YahooErrors.classify("Yahoo orderList", 401,
                SharedFixtures.read("yahoo/error-expired-token-kamiya54.xml"), Optional.empty(), Optional.empty());

        assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
        assertThat(e.mallCode()).isEqualTo("invalid_token");
        assertThat(e.getMessage()).contains("expired token");
    }

    @Test
    void anUnknownItemErrorWithCdataIsRejectedWithItsCode() {
        ChannelException e = YahooErrors.classify("Yahoo getItem", 400,
                SharedFixtures.read("yahoo/getItem-error-400-response-t4traw.xml"), Optional.empty(), Optional.empty());

        assertThat(e.kind()).isEqualTo(PushStatus.REJECTED);
        assertThat(e.mallCode()).isEqualTo("it-05002");
        assertThat(e.getMessage()).endsWith("指定された商品コードは存在しません。");
    }

    @Test
    void publicKeyAndPermissionCodesAreAuthAndTheDailyQuotaIsRetry() {
        String px = "<Error><Message>public key</Message><Code>px-04102</Code></Error>";
        ChannelException signature = YahooErrors.classify("call", 400, px, Optional.empty(), Optional.empty());
        ChannelException quota = YahooErrors.classify("call", 403, "Your Request was Forbidden", Optional.empty(),
                Optional.empty());

        assertThat(signature.kind()).isEqualTo(PushStatus.AUTH);
        assertThat(signature.mallCode()).isEqualTo("px-04102");
        assertThat(quota.kind()).isEqualTo(PushStatus.RETRY);
        assertThat(quota.retryAfter()).contains(YahooErrors.QUOTA_BACKOFF);
    }

    @Test
    void aMalformedStockAnswerNamesWhatIsWrong() {
        assertThatThrownBy(() -> YahooStockResults.read("<ResultSet><Result><Quantity>1</Quantity></Result></ResultSet>",
                "Yahoo setStock")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Yahoo setStock: a Result has no ItemCode");
        assertThatThrownBy(() -> YahooStockResults.read("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                "Yahoo getStock")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Yahoo getStock: answer is not well-formed XML");
    }

    @Test
    void orderListAnswersArePagedByTotalCount() {
        String xml = "<Result><Status>OK</Status><Search><TotalCount>3</TotalCount>"
                + "<OrderInfo><Index>1</Index><OrderId>store-10000001</OrderId></OrderInfo>"
                + "<OrderInfo><Index>2</Index><OrderId>store-10000002</OrderId></OrderInfo></Search></Result>";

        YahooOrderSource.SearchPage page = YahooOrderSource.readSearchPage(xml, 1);

        assertThat(page.orderIds()).containsExactly("store-10000001", "store-10000002");
        assertThat(page.totalCount()).isEqualTo(3);
        assertThatThrownBy(() -> YahooOrderSource.readSearchPage("<Result><Status>OK</Status><Search>"
                + "<OrderInfo><Index>1</Index></OrderInfo></Search></Result>", 2))
                .hasMessage("Yahoo orderList page 2: Search/TotalCount is missing or not a number");
    }
}
