package dev.zaiko.channel.yahoo;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Yahoo's public-key authentication: {@code X-sws-signature} = base64(RSA PKCS#1 v1.5 encryption of
 * {@code "<sellerId>:<unix seconds>"} with the store's public key), and {@code X-sws-signature-version}
 * = the key's version, both sent on order-API calls and on the token refresh. It is what stretches the
 * refresh token from 12 hours to 28 days. The key comes from ストアクリエイターPro (設定 &gt; 暗号鍵管理)
 * as PEM ({@code -----BEGIN PUBLIC KEY-----}) and expires after a year. JDK only.
 */
final class YahooSignature {
    private final String sellerId;
    private final PublicKey publicKey;
    private final String keyVersion;

    YahooSignature(String sellerId, String publicKeyPemOrBase64, String keyVersion) {
        this.sellerId = sellerId;
        this.publicKey = readPublicKey(publicKeyPemOrBase64);
        this.keyVersion = keyVersion;
    }

    String keyVersion() {
        return keyVersion;
    }

    /** A fresh signature for {@code now}; RSA PKCS#1 v1.5 padding is random, so every value differs. */
    String sign(Instant now) {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey);
            byte[] encrypted = cipher.doFinal((sellerId + ":" + now.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(encrypted);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the Yahoo public key", e);
        }
    }

    static PublicKey readPublicKey(String text) {
        String base64 = text.replaceAll("-----(BEGIN|END) (RSA )?PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Yahoo publicKey is not an RSA public key in PEM "
                    + "(-----BEGIN PUBLIC KEY-----) or base64 X.509 form");
        }
    }
}
