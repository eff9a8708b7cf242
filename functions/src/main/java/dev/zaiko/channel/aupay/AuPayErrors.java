package dev.zaiko.channel.aupay;

import dev.zaiko.domain.channel.PushStatus;

/** au PAY answers classified; the error code lists are unconfirmed and live in {@link AuPayAssumptions}. */
final class AuPayErrors {
    private AuPayErrors() {
    }

    static PushStatus classifyHttp(int httpStatus) {
        if (httpStatus == 429 || httpStatus >= 500) {
            return PushStatus.RETRY;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return PushStatus.AUTH;
        }
        return PushStatus.REJECTED;
    }

    /** A {@code result/error/code} of an HTTP 200 answer whose status is not 0. */
    static PushStatus classifyCode(String code) {
        AuPayAssumptions wire = AuPayAssumptions.UNCONFIRMED;
        if (wire.authErrorCodes().contains(code)) {
            return PushStatus.AUTH;
        }
        if (wire.retryErrorCodes().contains(code)) {
            return PushStatus.RETRY;
        }
        return PushStatus.REJECTED;
    }
}
