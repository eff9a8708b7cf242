package dev.zaiko.archfixture.channel.alpha;

/** Deliberately wrong (architecture-rule fixture): one mall reaching into another. */
public final class AlphaUsingBeta {
    public int limit() {
        return dev.zaiko.archfixture.channel.beta.BetaLimits.CALLS_PER_SECOND;
    }
}
