/**
 * The JSON contracts between the functions (the order event on the orders queue, described in
 * {@code events/}): spoken by the queue adapters and read by the handlers, so it belongs to neither.
 */
package dev.zaiko.contract;
