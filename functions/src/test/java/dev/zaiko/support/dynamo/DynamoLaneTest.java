package dev.zaiko.support.dynamo;

import dev.zaiko.support.dynamo.DynamoLane.ContainerChoice;
import dev.zaiko.support.dynamo.DynamoLane.Unavailable;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which lane runs, and the reason it gives when it cannot, from the environment alone (no sockets). */
class DynamoLaneTest {

    @Test
    void withoutATokenTheContainerLaneRunsFlociAsALocalStackSubstitute() throws Unavailable {
        ContainerChoice choice = ContainerChoice.from(Map.of());

        assertThat(choice.emulator()).isEqualTo("floci");
        assertThat(choice.image().asCanonicalNameString()).isEqualTo("floci/floci:latest");
        assertThat(choice.image().isCompatibleWith(
                org.testcontainers.utility.DockerImageName.parse("localstack/localstack"))).isTrue();
        assertThat(choice.authToken()).isEmpty();
    }

    @Test
    void aTokenChoosesLocalStackAndIsPassedOn() throws Unavailable {
        ContainerChoice choice = ContainerChoice.from(Map.of("LOCALSTACK_AUTH_TOKEN", "ls-123"));

        assertThat(choice.emulator()).isEqualTo("localstack");
        assertThat(choice.image().asCanonicalNameString()).isEqualTo("localstack/localstack:4.10");
        assertThat(choice.authToken()).isEqualTo(Optional.of("ls-123"));
    }

    @Test
    void zaikoContainerOverridesTheDefaultEitherWay() throws Unavailable {
        assertThat(ContainerChoice.from(Map.of("ZAIKO_CONTAINER", "floci", "LOCALSTACK_AUTH_TOKEN", "ls-123"))
                .emulator()).isEqualTo("floci");
        assertThat(ContainerChoice.from(Map.of("ZAIKO_CONTAINER", " LocalStack ", "LOCALSTACK_AUTH_TOKEN", "ls-123"))
                .emulator()).isEqualTo("localstack");
    }

    @Test
    void localStackWithoutATokenIsSkippedWithTheReason() {
        assertThatThrownBy(() -> ContainerChoice.from(Map.of("ZAIKO_CONTAINER", "localstack", "LOCALSTACK_AUTH_TOKEN", " ")))
                .isInstanceOf(Unavailable.class)
                .hasMessageStartingWith("LocalStack lane skipped: ZAIKO_CONTAINER=localstack but LOCALSTACK_AUTH_TOKEN "
                        + "is not set");
    }

    @Test
    void anUnknownEmulatorIsAConfigurationErrorNotASkip() {
        assertThatThrownBy(() -> ContainerChoice.from(Map.of("ZAIKO_CONTAINER", "moto")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ZAIKO_CONTAINER must be floci or localstack, not 'moto'");
    }

    @Test
    void theEndpointLaneNeedsAwsEndpointUrl() {
        assertThatThrownBy(() -> DynamoLane.endpoint(Map.of("AWS_REGION", "ap-northeast-1")))
                .isInstanceOf(Unavailable.class)
                .hasMessage("endpoint lane skipped: AWS_ENDPOINT_URL is not set");
    }

    @Test
    void theAwsLaneNeverRunsOutsideTheProfile() {
        assertThatThrownBy(() -> DynamoLane.aws(Map.of("AWS_REGION", "ap-northeast-1"), null))
                .isInstanceOf(Unavailable.class)
                .hasMessage("AWS lane skipped: real DynamoDB is used only under the Maven profile -Paws-e2e");
    }

    @Test
    void theAwsLaneRefusesAnEndpointThatWouldNotBeRealDynamoDb() {
        assertThatThrownBy(() -> DynamoLane.aws(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://localhost:4566"), "true"))
                .isInstanceOf(Unavailable.class)
                .hasMessageStartingWith("AWS lane skipped: AWS_ENDPOINT_URL_DYNAMODB is set");
    }

    @Test
    void freshTablesOfTheSchemaAreCreatedAsTheStackDeclaresThem() {
        var request = DynamoTables.request(dev.zaiko.schema.Tables.LISTINGS, "p-zaiko-listings-1");

        assertThat(request.tableName()).isEqualTo("p-zaiko-listings-1");
        assertThat(request.billingModeAsString()).isEqualTo("PAY_PER_REQUEST");
        assertThat(request.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("listingKey:HASH", "entry:RANGE");
        // no index: SKU -> listings is read strongly from reverse items in the table (issue 15, defect 10)
        assertThat(request.globalSecondaryIndexes()).isEmpty();
        assertThat(request.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactlyInAnyOrder("listingKey:S", "entry:S");

        var lines = DynamoTables.request(dev.zaiko.schema.Tables.ORDER_LINES, "p-zaiko-order-lines-1");
        assertThat(lines.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("byAttention");
            assertThat(index.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                    .containsExactly("attention:HASH", "lineKey:RANGE");
            assertThat(index.projection().projectionTypeAsString()).isEqualTo("ALL");
        });
        assertThat(lines.attributeDefinitions()).extracting(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .containsExactlyInAnyOrder("lineKey:S", "attention:S");
    }
}
