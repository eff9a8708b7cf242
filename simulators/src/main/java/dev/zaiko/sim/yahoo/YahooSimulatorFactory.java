package dev.zaiko.sim.yahoo;

import dev.zaiko.sim.MallSimulator;
import dev.zaiko.sim.MallSimulatorFactory;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Yahoo! Shopping for the local runtime: a fresh RSA key pair for the order APIs' encrypted fields. */
public final class YahooSimulatorFactory implements MallSimulatorFactory {
    private KeyPair keys;

    @Override
    public String type() {
        return "yahoo";
    }

    @Override
    public Simulated start(Setup setup) {
        KeyPair keys = keys();
        Map<String, String> credentials = Map.of("clientId", "dj00-zaiko-local", "clientSecret", "local-client-secret",
                "sellerId", "zaiko-local-store", "refreshToken", "local-refresh-token",
                "refreshTokenIssuedAt", setup.clock().instant().toString(), "publicKey", pem(keys),
                "publicKeyVersion", "1",
                "publicKeyExpiresAt", LocalDate.now(setup.clock().withZone(ZoneId.of("Asia/Tokyo"))).plusYears(1).toString());
        YahooSimulator yahoo = new YahooSimulator(setup.clock(), credentials.get("sellerId"),
                credentials.get("clientId"), credentials.get("clientSecret"), credentials.get("refreshToken"),
                keys.getPrivate());
        Map<String, String> options = new HashMap<>(setup.options());
        options.put("tokenUrl", yahoo.baseUrl() + YahooSimulator.TOKEN);
        // Yahoo's adapter is given the API root, not the host
        options.put("baseUrl", yahoo.baseUrl() + "/ShoppingWebService/V1");
        return Simulated.polled(yahoo, credentials, options);
    }

    @Override
    public String itemKey(int n, String sku, Map<String, String> options) {
        return sku.toLowerCase(Locale.ROOT);
    }

    @Override
    public void list(MallSimulator simulator, String itemKey, String name, long quantity) {
        ((YahooSimulator) simulator).putItem(itemKey, quantity, false);
    }

    private synchronized KeyPair keys() {
        if (keys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048, new SecureRandom());
                keys = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("RSA unavailable", e);
            }
        }
        return keys;
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
