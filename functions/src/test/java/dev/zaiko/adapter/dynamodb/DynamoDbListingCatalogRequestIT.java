package dev.zaiko.adapter.dynamodb;

import dev.zaiko.adapter.dynamodb.stub.DynamoStub;
import dev.zaiko.domain.Component;
import dev.zaiko.domain.Listing;
import dev.zaiko.domain.ListingKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

import static dev.zaiko.adapter.dynamodb.stub.RequestAssert.assertRequest;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request {@link DynamoDbListingCatalog} sends: a filtered, consistent, paged scan. */
class DynamoDbListingCatalogRequestIT {
    static final TableNames TABLES = new TableNames("t-stock", "t-listings", "t-lines", "t-journal", "t-channels");

    DynamoStub stub;
    DynamoDbClient dynamo;
    DynamoDbListingCatalog catalog;

    @BeforeEach
    void start() {
        stub = new DynamoStub();
        dynamo = stub.client();
        catalog = new DynamoDbListingCatalog(dynamo, TABLES);
    }

    @AfterEach
    void stop() {
        assertThat(stub.unusedReplies()).as("scripted replies the adapter never asked for").isEmpty();
        dynamo.close();
        stub.close();
    }

    static String meta(String item, long version) {
        return "{\"listingKey\":{\"S\":\"qoo10-main#" + item + "\"},\"entry\":{\"S\":\"META\"},"
                + "\"channelId\":{\"S\":\"qoo10-main\"},\"version\":{\"N\":\"" + version + "\"}}";
    }

    static String component(String item, String sku, int units) {
        return "{\"listingKey\":{\"S\":\"qoo10-main#" + item + "\"},\"entry\":{\"S\":\"C#" + sku + "\"},"
                + "\"channelId\":{\"S\":\"qoo10-main\"},\"sku\":{\"S\":\"" + sku + "\"},\"units\":{\"N\":\"" + units + "\"}}";
    }

    @Test
    void listingsOfScansWithTheChannelFilterAcrossPagesAndAssemblesSets() {
        stub.replyOk("Scan", "{\"Items\":[" + component("g-2", "B", 1) + "," + meta("g-1", 3) + "],"
                + "\"LastEvaluatedKey\":{\"listingKey\":{\"S\":\"qoo10-main#g-1\"},\"entry\":{\"S\":\"META\"}}}");
        stub.replyOk("Scan", "{\"Items\":[" + component("g-1", "A", 1) + "," + meta("g-2", 1) + ","
                + component("g-2", "A", 2) + "," + meta("g-3", 2) + "]}");

        assertThat(catalog.listingsOf("qoo10-main")).containsExactly(
                new Listing(new ListingKey("qoo10-main", "g-1"), List.of(new Component("A", 1)), 3),
                new Listing(new ListingKey("qoo10-main", "g-2"), List.of(new Component("A", 2), new Component("B", 1)), 1));

        assertRequest(stub.call(0), "Scan", """
                {"TableName":"t-listings","FilterExpression":"channelId = :c",
                 "ExpressionAttributeValues":{":c":{"S":"qoo10-main"}},"ConsistentRead":true}""");
        assertRequest(stub.call(1), "Scan", """
                {"TableName":"t-listings","FilterExpression":"channelId = :c",
                 "ExpressionAttributeValues":{":c":{"S":"qoo10-main"}},"ConsistentRead":true,
                 "ExclusiveStartKey":{"listingKey":{"S":"qoo10-main#g-1"},"entry":{"S":"META"}}}""");
        assertThat(stub.operations()).containsExactly("Scan", "Scan");
    }
}
