package dev.zaiko.cli;

import dev.zaiko.cli.bench.BenchCommand;
import dev.zaiko.cli.demo.DemoCommand;
import dev.zaiko.cli.local.LocalCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./zaiko}: the seller's and operator's entry point. */
@Command(name = "zaiko", mixinStandardHelpOptions = true, version = "zaiko-sync 0.1.0",
        description = "zaiko-sync: one stock ledger for Amazon, Rakuten, Yahoo!, Shopify, Mercari Shops, "
                + "Qoo10, au PAY Market and makeshop.",
        subcommands = {DemoCommand.class, LocalCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class ZaikoCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("ddb.local.telemetry", "0");
        int exit = new CommandLine(new ZaikoCli()).execute(args);
        System.exit(exit);
    }
}
