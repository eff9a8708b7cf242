package dev.zaiko.archfixture.channel.alpha;

/** Architecture-rule fixture: a mall's API class. */
public final class AlphaApi {
    public static final String BASE_URL_PATH = "/alpha/";

    public static String version() {
        return "v1";
    }
}
