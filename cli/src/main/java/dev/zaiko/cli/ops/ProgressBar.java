package dev.zaiko.cli.ops;

import dev.zaiko.app.ops.Progress;

import java.io.PrintWriter;

/**
 * A progress bar redrawn in place on a terminal; plain lines at every tenth otherwise (logs, CI,
 * pipes), so a script's output never fills with carriage returns.
 */
final class ProgressBar implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final boolean terminal;
    private String phase = "";
    private long lastTenth = -1;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public synchronized void update(String newPhase, long done, long total) {
        if (!newPhase.equals(phase)) {
            finishLine();
            phase = newPhase;
            lastTenth = -1;
        }
        long tenth = total <= 0 ? 10 : done * 10 / total;
        if (terminal) {
            long now = System.nanoTime();
            if (done < total && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int filled = total <= 0 ? WIDTH : (int) (done * WIDTH / total);
            out.print("\r" + String.format("%-22s [%s%s] %3d%% %d/%d", phase, "#".repeat(filled),
                    " ".repeat(WIDTH - filled), total <= 0 ? 100 : done * 100 / total, done, total));
            out.flush();
            drawn = true;
        } else if (tenth != lastTenth) {
            lastTenth = tenth;
            out.println(phase + ": " + done + "/" + total);
            out.flush();
        }
    }

    synchronized void finishLine() {
        if (terminal && drawn) {
            out.println();
            out.flush();
            drawn = false;
        }
    }
}
