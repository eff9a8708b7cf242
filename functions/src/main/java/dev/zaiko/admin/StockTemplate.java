package dev.zaiko.admin;

import java.nio.charset.StandardCharsets;

/**
 * The CSV templates the console offers for download, one per import format: the header (English
 * column names, which the import always accepts; Japanese ones are accepted too) and two example
 * rows. UTF-8 with a byte-order mark, so Excel in Japan opens it without mojibake.
 */
enum StockTemplate {
    STOCK("sku,quantity,safety_stock,jan\r\nZK-SENCHA-100,24,0,4901234560017\r\nZK-HOJI-200,+5,,\r\n"),
    LISTINGS("channel_id,item_key,sku,units\r\nrakuten-main,sencha100:normal-inventory,ZK-SENCHA-100,1\r\n"
            + "shopify-main,40000000099@655441491,ZK-SENCHA-100,1\r\nshopify-main,40000000099@655441491,ZK-HOJI-200,1\r\n");

    private final String text;

    StockTemplate(String text) {
        this.text = text;
    }

    byte[] bytes() {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 3];
        out[0] = (byte) 0xEF;
        out[1] = (byte) 0xBB;
        out[2] = (byte) 0xBF;
        System.arraycopy(body, 0, out, 3, body.length);
        return out;
    }
}
