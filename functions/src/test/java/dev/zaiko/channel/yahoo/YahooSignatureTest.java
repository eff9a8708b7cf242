package dev.zaiko.channel.yahoo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YahooSignatureTest {
    private static KeyPair keys;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String decrypt(String signature) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate());
        return new String(cipher.doFinal(Base64.getDecoder().decode(signature)), StandardCharsets.UTF_8);
    }

    @Test
    void theSignatureIsSellerAndUnixSecondsEncryptedWithThePublicKey() throws Exception {
        YahooSignature signature = new YahooSignature("my-store", pem(keys), "3");

        String signed = signature.sign(Instant.parse("2026-03-02T01:00:00.750Z"));

        assertThat(decrypt(signed)).isEqualTo("my-store:1772413200");
        assertThat(Base64.getDecoder().decode(signed)).hasSize(256); // one RSA-2048 block
        assertThat(signature.keyVersion()).isEqualTo("3");
    }

    @Test
    void pkcs1PaddingIsRandomSoEverySignatureDiffersButDecryptsTheSame() throws Exception {
        YahooSignature signature = new YahooSignature("my-store",
                Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()), "1");
        Instant now = Instant.parse("2026-03-02T01:00:00Z");

        String first = signature.sign(now);
        String second = signature.sign(now);

        assertThat(first).isNotEqualTo(second);
        assertThat(decrypt(first)).isEqualTo(decrypt(second)).isEqualTo("my-store:1772413200");
    }

    @Test
    void somethingThatIsNotAPublicKeyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new YahooSignature("s", "-----BEGIN PUBLIC KEY-----\nnot-a-key\n-----END PUBLIC KEY-----", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Yahoo publicKey is not an RSA public key in PEM (-----BEGIN PUBLIC KEY-----) or base64 X.509 form");
    }
}
