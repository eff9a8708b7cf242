/**
 * Seller operations: listings and stock CSV imports (validated whole, all or nothing), exports,
 * auto-linking from a mall's catalogue, discrepancy checks and re-pushes, channel health and the
 * order lines that need the seller. One implementation behind two front ends: the admin API
 * ({@code dev.zaiko.admin}) and the {@code zaiko} CLI, which reaches it over HTTP or in-process.
 */
package dev.zaiko.app.ops;
