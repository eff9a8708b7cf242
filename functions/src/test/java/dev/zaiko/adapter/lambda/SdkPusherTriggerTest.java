package dev.zaiko.adapter.lambda;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SdkPusherTriggerTest {
    private final LambdaClient lambda = LambdaClient.builder().region(Region.AP_NORTHEAST_1)
            .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();

    @Test
    void fixedIpChannelsWakeThePusherInTheVpcOthersTheOtherOne() {
        SdkPusherTrigger trigger = new SdkPusherTrigger(lambda, "arn:pusher:live", Optional.of("arn:pusher-vpc:live"),
                Set.of("yahoo-main")::contains);

        assertThat(trigger.functionFor("rakuten-main")).isEqualTo("arn:pusher:live");
        assertThat(trigger.functionFor("yahoo-main")).isEqualTo("arn:pusher-vpc:live");
        assertThat(SdkPusherTrigger.payload("yahoo-main")).isEqualTo("{\"channelId\":\"yahoo-main\",\"reason\":\"wake\"}");
    }

    @Test
    void aFixedIpChannelWithoutTheVpcPusherIsAClearError() {
        SdkPusherTrigger trigger = new SdkPusherTrigger(lambda, "arn:pusher:live", Optional.empty(), id -> true);

        assertThatThrownBy(() -> trigger.functionFor("yahoo-main"))
                .hasMessage("channel yahoo-main needs the fixed IP but PUSHER_FIXED_IP_FUNCTION_ARN is not set");
    }
}
