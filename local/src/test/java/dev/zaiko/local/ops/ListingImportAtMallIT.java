package dev.zaiko.local.ops;

import dev.zaiko.app.ops.LineError;
import dev.zaiko.app.ops.ListingImportService;
import dev.zaiko.app.ops.Progress;
import dev.zaiko.domain.ChangeSource;
import dev.zaiko.embedded.AwsTestBed;
import dev.zaiko.embedded.TestAws;
import dev.zaiko.local.ChannelSpec;
import dev.zaiko.local.LocalAdmin;
import dev.zaiko.local.LocalMalls;
import dev.zaiko.local.LocalRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rakuten and Yahoo answer "success" to stock writes for item keys they do not know; a listings
 * import checks every mapped key against their stock read API and reports the unknown ones by line.
 */
@ExtendWith(AwsTestBed.class)
class ListingImportAtMallIT {
    private final TestAws aws;
    private LocalRuntime runtime;
    private LocalMalls malls;

    ListingImportAtMallIT(TestAws aws) {
        this.aws = aws;
    }

    @BeforeEach
    void start() {
        runtime = new LocalRuntime(aws, TestAws.freshSuffix());
        malls = new LocalMalls(runtime);
        malls.add(new ChannelSpec("rakuten-main", "rakuten", Duration.ofMinutes(1), false));
        malls.add(new ChannelSpec("yahoo-main", "yahoo", Duration.ofMinutes(1), false));
        malls.add(new ChannelSpec("qoo10-main", "qoo10", Duration.ofMinutes(1), false));
        malls.list("rakuten-main", "tea-a:normal-inventory", "煎茶", 3);
        malls.list("yahoo-main", "tea-a", "煎茶", 3);
        runtime.ledger.define("TEA-A", 3, Optional.empty(), Optional.empty(), Optional.empty(), ChangeSource.admin("t"));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void keysTheMallDoesNotKnowAreReportedWithTheirLine() {
        String csv = "channel_id,item_key,sku,units\n"
                + "rakuten-main,tea-a:normal-inventory,TEA-A,1\n"
                + "rakuten-main,tea-typo:normal-inventory,TEA-A,1\n"
                + "yahoo-main,tea-a,TEA-A,1\n"
                + "yahoo-main,tea-b,TEA-A,1\n"
                + "qoo10-main,1100000099,TEA-A,1\n";

        ListingImportService.Result result = LocalAdmin.ops(runtime).listingImport()
                .importCsv("links.csv", csv.getBytes(StandardCharsets.UTF_8), false, false, Progress.NONE);

        assertThat(result.errors()).isEmpty();
        assertThat(result.created()).isEqualTo(5);
        assertThat(result.unknownAtMall()).extracting(LineError::line).containsExactly(3, 5);
        assertThat(result.unknownAtMall().get(0).message())
                .startsWith("rakuten-main does not know item 'tea-typo:normal-inventory'");
        // Qoo10 refuses unknown items itself (REJECTED at push time), so it is not asked here.
    }
}
