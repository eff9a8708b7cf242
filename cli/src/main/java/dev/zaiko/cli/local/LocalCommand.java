package dev.zaiko.cli.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run the whole system on this machine: no AWS account, no Docker.",
        subcommands = {LocalUpCommand.class})
public final class LocalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
