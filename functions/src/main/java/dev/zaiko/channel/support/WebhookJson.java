package dev.zaiko.channel.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** A webhook delivery's body read as the JSON object a mall promises; anything else is refused. */
public final class WebhookJson {
    private WebhookJson() {
    }

    /**
     * @param what names the delivery in the error ("Mercari webhook")
     * @throws IllegalArgumentException "&lt;what&gt;: body is not JSON" or "...: body is not a JSON object"
     */
    public static JsonNode object(ObjectMapper json, byte[] body, String what) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(what + ": body is not a JSON object");
        }
        return root;
    }
}
