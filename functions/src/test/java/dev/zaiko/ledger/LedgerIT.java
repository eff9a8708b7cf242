package dev.zaiko.ledger;

import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ledger contract on the embedded SQL store, or on DynamoDB at {@code AWS_ENDPOINT_URL} when it is set. */
@ExtendWith(AwsTestBed.class)
class LedgerIT extends LedgerContract {
    private final TestAws aws;

    LedgerIT(TestAws aws) {
        this.aws = aws;
    }

    @Override
    TestAws aws() {
        return aws;
    }
}
