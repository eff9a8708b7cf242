package dev.zaiko.channel.rakuten;

import dev.zaiko.domain.channel.SellerScreen;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RMS 受注詳細: {@code https://order-rp.rms.rakuten.co.jp/order-rb/individual-order-detail-sc/init?orderNumber=<注文番号>}
 * (the shape several independent public RMS tools open; RMS itself documents no deep links). The
 * order number ({@code 123456-20240101-0000000001}) is what the seller sees, so no separate name.
 * The seller must be signed in to RMS: the link opens RMS's sign-in first otherwise.
 */
final class RakutenSellerScreen implements SellerScreen {
    private static final Pattern ORDER_NUMBER = Pattern.compile("[0-9]{1,10}-[0-9]{8}-[0-9]{1,20}");

    @Override
    public Optional<OrderLink> order(String orderId) {
        if (orderId == null || !ORDER_NUMBER.matcher(orderId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new OrderLink(URI.create(
                "https://order-rp.rms.rakuten.co.jp/order-rb/individual-order-detail-sc/init?orderNumber=" + orderId),
                true));
    }
}
