package dev.zaiko.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ./zaiko cost --config FILE --orders-per-month N [--json] [--with-nat]}: the monthly estimate. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = "Monthly AWS cost estimate from the synthesized template and ap-northeast-1 prices.")
public final class CostCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Deployment config (default: infra/zaiko.example.json).")
    Path config;

    @Option(names = "--orders-per-month", defaultValue = "10000", description = "Orders a month (default 10000).")
    int orders;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--with-nat", description = "Include the fixed-IP NAT (instance or gateway) the config asks for.")
    boolean withNat;

    @Option(names = "--template", description = "Use this synthesized template instead of synthesizing the config.")
    Path template;

    @Override
    public Integer call() throws Exception {
        Path file = template;
        if (file == null) {
            SynthCommand synth = new SynthCommand();
            synth.config = config;
            synth.quiet = true;
            if (synth.call() != 0) {
                return 1;
            }
            try (Stream<Path> out = Files.list(RepoBuild.root().resolve("infra/cdk.out"))) {
                file = out.filter(p -> p.getFileName().toString().endsWith(".template.json")).findFirst().orElseThrow();
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        CostModel.Estimate estimate = CostModel.estimate(mapper.readTree(file.toFile()), orders, withNat);
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ordersPerMonth", estimate.ordersPerMonth());
            out.put("region", "ap-northeast-1");
            out.put("includesNat", withNat);
            out.put("lineItems", estimate.lines().stream().map(l -> Map.of("item", l.item(), "basis", l.basis(),
                    "usd", CostModel.round(l.usd()))).toList());
            out.put("totalUsd", estimate.totalUsd());
            out.put("counts", estimate.counts());
            out.put("priceSource", CostModel.PRICE_SOURCE);
            out.put("priceDate", CostModel.PRICE_DATE);
            out.put("priceNote", CostModel.PRICE_NOTE);
            System.out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            for (CostModel.Line l : estimate.lines()) {
                System.out.printf("%-48s %8.2f  %s%n", l.item(), l.usd(), l.basis());
            }
            System.out.printf("%-48s %8.2f USD / month (%d orders)%n", "total", estimate.totalUsd(), orders);
        }
        return 0;
    }

}
