package dev.zaiko.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What every module must know about a mall without its adapter or simulator on the class path: the
 * config parser and the CDK app (deploy-config, infra) see neither {@code functions} nor
 * {@code simulators}, yet they validate a channel's type, refuse a webhook the mall cannot send,
 * warn about fixed caller IPs and poll intervals the mall cannot sustain. The facts are data, one
 * block per mall in {@value #RESOURCE} (the mall registry's deploy-time half); the adapter
 * descriptor ({@code ChannelAdapterFactory}, functions) and the simulator factory
 * ({@code MallSimulatorFactory}, simulators) join them by {@link #type()}, and a registry test in
 * functions checks that the three agree.
 *
 * <p>Every copy of {@value #RESOURCE} on the class path is read (the context class loader's), so a
 * test can add a fake mall with a resource of its own. A type defined twice is refused.
 *
 * @param type                  the type as config files and {@code CHANNEL_TYPE} spell it ("rakuten")
 * @param order                 where the mall comes in lists (the example config's order)
 * @param nameJa                the mall's name for Japanese readers (楽天市場)
 * @param nameEn                the mall's name in English (Rakuten Ichiba)
 * @param orderWebhook          the mall can push orders to us and the adapter verifies them
 * @param fixedIp               the mall only answers calls from registered caller IPs
 * @param fixedIpNote           what the seller is told when {@code fixedIp} is missing (completes "&lt;type&gt; ...")
 * @param fixedIpRegionPrefix   the AWS regions whose IPs the mall accepts, as a name prefix (empty: any)
 * @param fixedIpRegionNote     what the seller is told when the region does not match
 * @param pollMinimumSeconds    the shortest poll interval the mall's order API sustains (empty: 60 s is fine)
 * @param pollLimitReason       why (completes "&lt;type&gt; ...")
 * @param rateLimits            the documented rate limits in one line (shared/docs/channels.md)
 */
public record MallFacts(String type, int order, String nameJa, String nameEn, boolean orderWebhook,
                        boolean fixedIp, String fixedIpNote, Optional<String> fixedIpRegionPrefix,
                        String fixedIpRegionNote, OptionalInt pollMinimumSeconds, String pollLimitReason,
                        String rateLimits) {
    /** The data file of mall facts; every copy on the class path is read. */
    public static final String RESOURCE = "META-INF/zaiko/malls.properties";

    /** The mall's name in {@code language} ("ja" or anything else for English). */
    public String name(String language) {
        return "ja".equals(language) ? nameJa : nameEn;
    }

    /** Every mall known on the context class path, in {@link #order()}, then type. */
    public static List<MallFacts> all() {
        return all(loader());
    }

    public static List<MallFacts> all(ClassLoader loader) {
        Map<String, MallFacts> byType = new TreeMap<>();
        try {
            Enumeration<URL> files = loader.getResources(RESOURCE);
            while (files.hasMoreElements()) {
                URL file = files.nextElement();
                for (MallFacts facts : read(file)) {
                    if (byType.put(facts.type(), facts) != null) {
                        throw new IllegalStateException("mall type " + facts.type() + " is defined twice ("
                                + file + " and another " + RESOURCE + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + RESOURCE, e);
        }
        List<MallFacts> all = new ArrayList<>(byType.values());
        all.sort(Comparator.comparingInt(MallFacts::order).thenComparing(MallFacts::type));
        return List.copyOf(all);
    }

    /** The facts of one type, if a mall of that type is known. */
    public static Optional<MallFacts> of(String type) {
        return all().stream().filter(f -> f.type().equals(type)).findFirst();
    }

    /** The known types, in order. */
    public static List<String> types() {
        return all().stream().map(MallFacts::type).toList();
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : MallFacts.class.getClassLoader();
    }

    /** One file: {@code <type>.<fact>=value} lines, UTF-8. */
    static List<MallFacts> read(URL file) {
        Properties properties = new Properties();
        try (InputStream in = file.openStream()) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, Map<String, String>> byType = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                throw new IllegalStateException(file + ": key " + key + " is not <type>.<fact>");
            }
            byType.computeIfAbsent(key.substring(0, dot), t -> new TreeMap<>())
                    .put(key.substring(dot + 1), properties.getProperty(key).trim());
        }
        List<MallFacts> facts = new ArrayList<>();
        byType.forEach((type, values) -> facts.add(of(file, type, values)));
        return facts;
    }

    private static final List<String> FACTS = List.of("order", "name.ja", "name.en", "orderWebhook", "fixedIp",
            "fixedIpNote", "fixedIpRegionPrefix", "fixedIpRegionNote", "pollMinimumSeconds", "pollLimitReason",
            "rateLimits");

    private static MallFacts of(URL file, String type, Map<String, String> values) {
        String at = file + ": " + type + ".";
        for (String key : values.keySet()) {
            if (!FACTS.contains(key)) {
                throw new IllegalStateException(at + key + " is not a mall fact (known: " + FACTS + ")");
            }
        }
        boolean fixedIp = bool(at, values, "fixedIp");
        OptionalInt pollMinimum = values.containsKey("pollMinimumSeconds")
                ? OptionalInt.of(number(at, values, "pollMinimumSeconds")) : OptionalInt.empty();
        if (fixedIp && !values.containsKey("fixedIpNote")) {
            throw new IllegalStateException(at + "fixedIpNote: missing (a fixed-IP mall tells the seller why)");
        }
        if (pollMinimum.isPresent() && !values.containsKey("pollLimitReason")) {
            throw new IllegalStateException(at + "pollLimitReason: missing (a poll limit says why)");
        }
        return new MallFacts(type, number(at, values, "order"), required(at, values, "name.ja"),
                required(at, values, "name.en"), bool(at, values, "orderWebhook"), fixedIp,
                values.getOrDefault("fixedIpNote", ""),
                Optional.ofNullable(values.get("fixedIpRegionPrefix")).filter(s -> !s.isBlank()),
                values.getOrDefault("fixedIpRegionNote", ""), pollMinimum,
                values.getOrDefault("pollLimitReason", ""), required(at, values, "rateLimits"));
    }

    private static String required(String at, Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(at + key + ": missing");
        }
        return value;
    }

    private static boolean bool(String at, Map<String, String> values, String key) {
        String value = required(at, values, key);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalStateException(at + key + ": \"" + value + "\" is not true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static int number(String at, Map<String, String> values, String key) {
        String value = required(at, values, key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(at + key + ": \"" + value + "\" is not a whole number");
        }
    }
}
