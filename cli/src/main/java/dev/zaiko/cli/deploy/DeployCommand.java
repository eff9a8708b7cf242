package dev.zaiko.cli.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./zaiko deploy}: {@code cdk deploy} with the AWS CDK CLI from npm, for a seller with credentials. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy (or update) the stack in your AWS account with the AWS CDK CLI (npx aws-cdk).")
public final class DeployCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "Your deployment config (copy infra/zaiko.example.json).")
    Path config;

    @Option(names = "--profile", description = "AWS profile to use.")
    String profile;

    @Option(names = "--bootstrap", description = "Run 'cdk bootstrap' first (once per account and region).")
    boolean bootstrap;

    @Override
    public Integer call() throws Exception {
        Path root = RepoBuild.root();
        Path configPath = config.toAbsolutePath();
        if (!Files.isRegularFile(configPath)) {
            System.err.println("zaiko deploy: no config file " + configPath);
            return 2;
        }
        RepoBuild.ensureJars(root);
        Map<String, String> env = new HashMap<>(Map.of("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20"));
        if (bootstrap) {
            RepoBuild.run(root.resolve("infra"), cdk("bootstrap", configPath), env);
        }
        RepoBuild.run(root.resolve("infra"), cdk("deploy", configPath), env);
        System.out.println("Deployed. Next: fill each channel's secret, confirm the alert e-mail, register the "
                + "webhook URLs / SP-API queue / fixed IP shown above with the malls (README: Deploy).");
        return 0;
    }

    private List<String> cdk(String verb, Path configPath) {
        List<String> command = new ArrayList<>(List.of("npx", "--yes", "aws-cdk@2", verb, "-c",
                "config=" + configPath));
        if (profile != null) {
            command.addAll(List.of("--profile", profile));
        }
        return command;
    }
}
