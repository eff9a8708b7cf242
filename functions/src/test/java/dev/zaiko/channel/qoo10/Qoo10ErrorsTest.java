package dev.zaiko.channel.qoo10;

import dev.zaiko.domain.channel.PushStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class Qoo10ErrorsTest {

    @ParameterizedTest(name = "ResultCode {0} -> {1}")
    @CsvSource({
            "0, OK",
            "-10000, AUTH",
            "-90001, REJECTED",
            "-90002, AUTH",
            "-90003, AUTH",
            "-90004, AUTH",
            "-90005, AUTH",
            "-10101, RETRY",
            "-10001, REJECTED",
            "-10003, REJECTED",
            "-2, REJECTED",
            "-77777, REJECTED"})
    void resultCodes(int code, PushStatus expected) {
        assertThat(Qoo10Errors.classify(code)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({"429, RETRY", "500, RETRY", "503, RETRY", "401, AUTH", "403, AUTH", "404, REJECTED"})
    void httpStatuses(int status, PushStatus expected) {
        assertThat(Qoo10Errors.classifyHttp(status)).isEqualTo(expected);
    }
}
