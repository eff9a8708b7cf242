package dev.zaiko.cli.demo;

import dev.zaiko.local.demo.FlashSale;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The demo's live view on stderr: on a terminal, the screen is redrawn twice a second (the popular
 * listings: ledger quantity and what each mall shows, '*' where a mall is behind; orders/s; pusher
 * runs; mall error answers; channel health; the latest events); otherwise a progress line every 5 s.
 */
final class LiveView {
    private static final String HOME_AND_CLEAR = "\033[H\033[2J";
    private final PrintStream out;
    private final boolean live;
    private final Set<String> eventsPrinted = new HashSet<>();
    private long lastLineSecond = -5;

    LiveView(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    synchronized void draw(FlashSale.Snapshot s) {
        if (live) {
            out.print(HOME_AND_CLEAR + screen(s));
            out.flush();
            return;
        }
        for (String event : s.events()) {
            if (eventsPrinted.add(event)) {
                out.println("  " + event);
            }
        }
        long second = s.elapsed().toSeconds();
        if (second - lastLineSecond >= 5) {
            lastLineSecond = second;
            out.printf("  [%s] %3ds %-13s orders %4d (%.1f/s), refused %d, cancels %d, pusher runs %d, mall errors %d%n",
                    s.arm(), second, s.phase(), s.orders(), s.ordersPerSecond(), s.refused(), s.cancels(), s.pusherRuns(),
                    s.mallErrors());
        }
    }

    synchronized void finish() {
        lastLineSecond = -5;
        if (live) {
            out.println();
        }
    }

    static String screen(FlashSale.Snapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("zaiko demo — %s — flash sale on %d malls   %s   %ds / %ds%n%n", s.arm(),
                s.channels().size(), s.phase(), s.elapsed().toSeconds(), s.sale().toSeconds()));
        b.append(String.format("orders %d (%.1f/s)   refused by malls (sold out there) %d   cancels %d   "
                + "pusher runs %d   mall error answers %d%n%n", s.orders(), s.ordersPerSecond(), s.refused(),
                s.cancels(), s.pusherRuns(), s.mallErrors()));
        b.append(pad("top movers", 34)).append(String.format("%7s", "ledger"));
        for (String channel : s.channels()) {
            b.append(String.format(" %8s", shortName(channel)));
        }
        b.append('\n');
        for (FlashSale.Row row : s.rows()) {
            b.append(pad(row.label(), 34)).append(String.format("%7d", row.ledger()));
            for (long shown : row.shown()) {
                String cell = shown < 0 ? "-" : shown + (shown != row.ledger() ? "*" : "");
                b.append(String.format(" %8s", cell));
            }
            b.append('\n');
        }
        b.append(pad("health", 41));
        for (String channel : s.channels()) {
            b.append(String.format(" %8s", abbreviateHealth(s.health().get(channel))));
        }
        b.append("\n\n* = the mall still shows an older number than the ledger\n\n");
        List<String> events = s.events();
        for (String event : events) {
            b.append("  ").append(event).append('\n');
        }
        return b.toString();
    }

    static String shortName(String channelId) {
        int dash = channelId.indexOf('-');
        String name = dash > 0 ? channelId.substring(0, dash) : channelId;
        return name.length() > 8 ? name.substring(0, 8) : name;
    }

    private static String abbreviateHealth(String health) {
        return health == null ? "?" : switch (health) {
            case "AUTH_ERROR" -> "AUTH";
            case "DEGRADED" -> "DEGRADED";
            default -> health;
        };
    }

    /** Pads to a terminal width where CJK and full-width characters take two columns. */
    static String pad(String text, int width) {
        StringBuilder b = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int w = columns(cp);
            if (used + w > width - 1) {
                break;
            }
            b.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return b.append(" ".repeat(Math.max(0, width - used))).toString();
    }

    static int columns(int codePoint) {
        if (codePoint >= 0xFF61 && codePoint <= 0xFF9F) {
            return 1;
        }
        return codePoint >= 0x2E80 ? 2 : 1;
    }
}
