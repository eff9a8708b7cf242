package dev.zaiko.archfixture.channel.beta;

/** Architecture-rule fixture: another mall's constants. */
public final class BetaLimits {
    public static int CALLS_PER_SECOND = 2;
}
