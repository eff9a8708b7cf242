package dev.zaiko.channel.yahoo;

import dev.zaiko.domain.channel.SellerScreen;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ストアクリエイターPro 注文詳細: {@code https://pro.store.yahoo.co.jp/pro.<store account>/order/manage/detail/<OrderId>}.
 * UNCONFIRMED: Yahoo documents no deep links and only one public tool shows this shape (the store
 * top {@code pro.store.yahoo.co.jp/pro.<store account>} is in Yahoo's own help), so the console marks
 * the link unconfirmed. The store account is the channel's {@code storeAccount} option (the
 * {@code sellerId} credential is never read for a link); without it there is no link. The order id
 * ({@code store-10000001}) is what the seller sees.
 */
final class YahooSellerScreen implements SellerScreen {
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private final Optional<String> storeAccount;

    YahooSellerScreen(Optional<String> storeAccount) {
        this.storeAccount = storeAccount.map(String::strip).filter(a -> ACCOUNT.matcher(a).matches());
    }

    @Override
    public Optional<OrderLink> order(String orderId) {
        if (storeAccount.isEmpty() || orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            return Optional.empty();
        }
        return Optional.of(new OrderLink(URI.create("https://pro.store.yahoo.co.jp/pro." + storeAccount.get()
                + "/order/manage/detail/" + orderId), false));
    }
}
