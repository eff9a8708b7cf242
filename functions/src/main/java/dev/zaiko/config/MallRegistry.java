package dev.zaiko.config;

import dev.zaiko.domain.channel.ChannelAdapterFactory;
import dev.zaiko.schema.MallFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The mall registry as the runtime sees it: each mall's deploy-time facts ({@link MallFacts}, the
 * data file every module reads) joined by type with its adapter descriptor (the
 * {@link ChannelAdapterFactory} its {@code dev.zaiko.channel.<mall>} package registers through
 * {@code META-INF/services}). The local runtime adds the simulator half (simulators'
 * {@code MallSimulatorFactory}) by the same type. Read from the context class loader on every call:
 * a test can add a fake mall through resources of its own.
 */
public final class MallRegistry {
    private MallRegistry() {
    }

    /** One mall: what it is and how to build its adapter. */
    public record Mall(MallFacts facts, ChannelAdapterFactory adapter) {
        public String type() {
            return facts.type();
        }

        /** Present when the adapter rests on API details no public source confirms. */
        public Optional<String> experimentalNote() {
            return adapter.experimental();
        }
    }

    /**
     * Every mall, in the facts' order; refuses a half-registered mall (facts without an adapter or
     * an adapter without facts), naming it, so a new mall cannot be forgotten in one half.
     */
    public static List<Mall> all() {
        List<MallFacts> facts = MallFacts.all();
        Map<String, ChannelAdapterFactory> adapters = ChannelAdapterFactory.all();
        List<String> problems = new ArrayList<>();
        List<Mall> malls = new ArrayList<>();
        for (MallFacts mall : facts) {
            ChannelAdapterFactory adapter = adapters.get(mall.type());
            if (adapter == null) {
                problems.add(mall.type() + " has facts in " + MallFacts.RESOURCE + " but no ChannelAdapterFactory service");
            } else {
                malls.add(new Mall(mall, adapter));
            }
        }
        TreeSet<String> withoutFacts = new TreeSet<>(adapters.keySet());
        facts.forEach(f -> withoutFacts.remove(f.type()));
        withoutFacts.forEach(type -> problems.add(type + " has an adapter but no facts in " + MallFacts.RESOURCE));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the mall registry is inconsistent: " + String.join("; ", problems));
        }
        return List.copyOf(malls);
    }

    public static Optional<Mall> of(String type) {
        return all().stream().filter(m -> m.type().equals(type)).findFirst();
    }

    public static List<String> types() {
        return all().stream().map(Mall::type).toList();
    }

    /** The malls' names, "Amazon, Rakuten Ichiba, ..." in English (the CLI's description). */
    public static String names(String language) {
        return String.join(", ", all().stream().map(m -> m.facts().name(language)).toList());
    }
}
