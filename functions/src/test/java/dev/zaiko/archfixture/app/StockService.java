package dev.zaiko.archfixture.app;

/** An application service of the architecture-rule fixture (built by the composition root only). */
public final class StockService {
}
