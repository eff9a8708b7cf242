package dev.zaiko.archfixture.handler;

import static dev.zaiko.archfixture.channel.alpha.AlphaApi.BASE_URL_PATH;

/** Deliberately wrong (architecture-rule fixture): a handler using a mall's class through a static import. */
public final class HandlerUsingAMall {
    public String path() {
        return BASE_URL_PATH + dev.zaiko.archfixture.channel.alpha.AlphaApi.version();
    }
}
