package dev.zaiko.cli.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ./zaiko synth}: the CloudFormation template, without AWS credentials. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Write the CloudFormation template for a config to infra/cdk.out (no AWS credentials needed).")
public final class SynthCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Deployment config (default: infra/zaiko.example.json, one shop per mall).")
    Path config;

    /** Set by {@code zaiko cost}: no file list on standard output. */
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path root = RepoBuild.root();
        RepoBuild.ensureJars(root);
        Path configPath = config == null ? root.resolve("infra/zaiko.example.json") : config.toAbsolutePath();
        if (!Files.isRegularFile(configPath)) {
            System.err.println("zaiko synth: no config file " + configPath);
            return 2;
        }
        String context = new ObjectMapper().writeValueAsString(Map.of("config", configPath.toString(),
                "lambdaJar", root.resolve("functions/target/zaiko-functions-lambda.jar").toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        RepoBuild.run(root.resolve("infra"), List.of(java, "-jar", "target/zaiko-infra.jar"), Map.of(
                "CDK_CONTEXT_JSON", context,
                "CDK_OUTDIR", root.resolve("infra/cdk.out").toString(),
                "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20"), quiet);
        try (Stream<Path> out = Files.list(root.resolve("infra/cdk.out"))) {
            out.filter(p -> p.getFileName().toString().endsWith(".template.json"))
                    .forEach(p -> {
                        if (!quiet) {
                            System.out.println(p);
                        }
                    });
        }
        return 0;
    }
}
