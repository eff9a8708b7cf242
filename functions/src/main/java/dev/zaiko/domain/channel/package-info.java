/**
 * The ports every mall adapter implements ({@code dev.zaiko.channel.<mall>}), and the values they
 * exchange. Nothing outside a mall's package knows that mall's API.
 */
package dev.zaiko.domain.channel;
