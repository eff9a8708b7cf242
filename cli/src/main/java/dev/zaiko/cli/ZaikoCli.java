package dev.zaiko.cli;

import dev.zaiko.cli.bench.BenchCommand;
import dev.zaiko.cli.demo.DemoCommand;
import dev.zaiko.cli.local.LocalCommand;
import dev.zaiko.cli.deploy.DeployCommand;
import dev.zaiko.cli.deploy.SynthCommand;
import dev.zaiko.cli.ops.ChannelsCommand;
import dev.zaiko.cli.ops.DiffCommand;
import dev.zaiko.cli.ops.ListingsCommand;
import dev.zaiko.cli.ops.OrdersCommand;
import dev.zaiko.cli.ops.PushCommand;
import dev.zaiko.cli.ops.StockCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./zaiko}: the seller's and operator's entry point. */
@Command(name = "zaiko", mixinStandardHelpOptions = true, version = "zaiko-sync 0.1.0",
        // the malls are named by the mall registry (see commandLine())
        description = "zaiko-sync: one stock ledger for many sales channels.",
        subcommands = {DemoCommand.class, LocalCommand.class, ListingsCommand.class, StockCommand.class,
                DiffCommand.class, PushCommand.class, ChannelsCommand.class, OrdersCommand.class, BenchCommand.class,
                SynthCommand.class, DeployCommand.class, dev.zaiko.cli.deploy.SecretsCommand.class,
                dev.zaiko.cli.deploy.CostCommand.class, CommandLine.HelpCommand.class})
public final class ZaikoCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The command line, its description naming every mall of the registry. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ZaikoCli());
        commandLine.getCommandSpec().usageMessage().description(description());
        return commandLine;
    }

    /** "zaiko-sync: one stock ledger for Amazon, Rakuten Ichiba, ... and makeshop." */
    static String description() {
        java.util.List<String> names = dev.zaiko.config.MallRegistry.all().stream()
                .map(m -> m.facts().name("en")).toList();
        String malls = names.size() < 2 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
        return "zaiko-sync: one stock ledger for " + malls + ".";
    }

    public static void main(String[] args) {
        int exit = commandLine()
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    // Expected failures carry a message for the seller; a stack trace only hides it.
                    commandLine.getErr().println("zaiko " + commandLine.getCommandName() + ": " + e.getMessage());
                    if (System.getenv("ZAIKO_DEBUG") != null) {
                        e.printStackTrace(commandLine.getErr());
                    }
                    return 1;
                })
                .execute(args);
        System.exit(exit);
    }
}
