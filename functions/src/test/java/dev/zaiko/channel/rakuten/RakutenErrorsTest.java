package dev.zaiko.channel.rakuten;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zaiko.domain.channel.ChannelException;
import dev.zaiko.domain.channel.PushStatus;
import dev.zaiko.testsupport.SharedFixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RakutenErrorsTest {

    @Test
    void inventoryErrorsKeepCodeMessageAndTheItemIndex() {
        // The documented Inventory API 2.0 400 body.
        String body = """
                {"errors":[{"code":"IE0004","message":"Max length of manageNumber must be within 32 bytes.",
                 "metadata":{"propertyPath":"inventories[7].manageNumber"}}]}""";

        List<RakutenErrors.MallError> errors = RakutenErrors.parse(body);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("IE0004");
            assertThat(e.message()).isEqualTo("Max length of manageNumber must be within 32 bytes.");
            assertThat(e.inventoryIndex()).hasValue(7);
        });
    }

    @Test
    void gatewayAuthErrorIsAuth() {
        ChannelException e = RakutenErrors.classify("call", 401,
                "{\"Results\":{\"errorCode\":\"GA0001\",\"message\":\"Un-Authorised\"}}", Optional.empty());

        assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
        assertThat(e.mallCode()).isEqualTo("GA0001");
        assertThat(e.getMessage()).isEqualTo("call: HTTP 401 GA0001 Un-Authorised");
    }

    @Test
    void inventoryAuthCodeIsAuthWhateverTheStatus() {
        ChannelException e = RakutenErrors.classify("call", 400,
                "{\"errors\":[{\"code\":\"GE0011\",\"message\":\"Authentication error\"}]}", Optional.empty());

        assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
        assertThat(e.mallCode()).isEqualTo("GE0011");
    }

    @Test
    void apiNotSwitchedOnIsAuthBecauseTheSellerMustAct() {
        ChannelException e = RakutenErrors.classify("call", 403,
                "{\"Results\":{\"errorCode\":\"ES04-01\",\"message\":\"Forbidden\"}}", Optional.empty());

        assertThat(e.kind()).isEqualTo(PushStatus.AUTH);
        assertThat(e.mallCode()).isEqualTo("ES04-01");
    }

    @Test
    void throttlingAndServerErrorsAreRetryWithTheHint() {
        ChannelException throttled = RakutenErrors.classify("call", 429, "", Optional.of(Duration.ofSeconds(3)));
        ChannelException down = RakutenErrors.classify("call", 503, "<html>maintenance</html>", Optional.empty());

        assertThat(throttled.kind()).isEqualTo(PushStatus.RETRY);
        assertThat(throttled.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(throttled.mallCode()).isEqualTo("HTTP_429");
        assertThat(down.kind()).isEqualTo(PushStatus.RETRY);
        assertThat(down.mallCode()).isEqualTo("HTTP_503");
    }

    @Test
    void orderApiErrorMessagesAreReadWithTheirOrderNumber() {
        String body = """
                {"MessageModelList":[
                  {"messageType":"INFO","messageCode":"ORDER_EXT_API_GET_ORDER_INFO_101","message":"ok"},
                  {"messageType":"ERROR","messageCode":"ORDER_EXT_API_GET_ORDER_ERROR_101","message":"注文が存在しません。",
                   "orderNumber":"289999-20171117-00065901"}]}""";

        assertThat(RakutenErrors.parse(body)).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("ORDER_EXT_API_GET_ORDER_ERROR_101");
            assertThat(e.orderNumber()).contains("289999-20171117-00065901");
        });
    }

    @Test
    void theRealSearchOrderFixtureHoldsNoErrorAndReadsAsOnePageOfThree() throws Exception {
        String fixture = SharedFixtures.read("rakuten/searchOrder-response.json");

        assertThat(RakutenErrors.parse(fixture)).isEmpty();
        RakutenOrderSource.SearchPage page = RakutenOrderSource.readSearchPage(new ObjectMapper().readTree(fixture), 1);
        assertThat(page.orderNumbers()).containsExactly("289999-20171117-00065901", "289999-20171117-00064901");
        assertThat(page.totalPages()).isEqualTo(3);
    }

    @Test
    void aSearchAnswerWithAnErrorMessageIsRejectedWithItsCode() throws Exception {
        String body = """
                {"MessageModelList":[{"messageType":"ERROR","messageCode":"ORDER_EXT_API_SEARCH_ORDER_ERROR_012",
                 "message":"window too long"}]}""";

        assertThatThrownBy(() -> RakutenOrderSource.readSearchPage(new ObjectMapper().readTree(body), 1))
                .isInstanceOfSatisfying(ChannelException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PushStatus.REJECTED);
                    assertThat(e.mallCode()).isEqualTo("ORDER_EXT_API_SEARCH_ORDER_ERROR_012");
                });
    }

    @Test
    void aMalformedSearchAnswerNamesTheField() throws Exception {
        String body = "{\"orderNumberList\":\"289999-1\"}";

        assertThatThrownBy(() -> RakutenOrderSource.readSearchPage(new ObjectMapper().readTree(body), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Rakuten searchOrder page 2: orderNumberList is not an array");
    }
}
