package dev.zaiko.config;

import dev.zaiko.schema.Names;
import dev.zaiko.schema.QueueDef;
import dev.zaiko.schema.Queues;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue URLs: push queues built from {@link Names} when the stack set the prefix and account;
 * others from the environment where the stack put them, otherwise looked up once by the
 * schema's queue name (the local runtime and tests, where queues are created by name).
 */
public final class QueueDirectory {
    private final SqsClient sqs;
    private final Map<String, String> environment;
    private final String nameSuffix;
    private final ConcurrentHashMap<String, String> urls = new ConcurrentHashMap<>();

    public QueueDirectory(SqsClient sqs, Map<String, String> environment, String nameSuffix) {
        this.sqs = sqs;
        this.environment = Map.copyOf(environment);
        this.nameSuffix = nameSuffix;
    }

    public String url(QueueDef queue) {
        return urls.computeIfAbsent(queue.id(), id -> {
            String configured = queue.resolveUrlOrNull(environment);
            if (configured != null) {
                return configured;
            }
            return sqs.getQueueUrl(r -> r.queueName(queue.defaultName() + nameSuffix)).queueUrl();
        });
    }

    public String pushQueueUrl(String channelId) {
        // Deployed: the push queues have fixed names, their URLs are built here (no variable per channel).
        String prefix = environment.get(Names.PREFIX_ENV);
        String account = environment.get(Names.ACCOUNT_ENV);
        String region = environment.get(Names.REGION_ENV);
        if (prefix != null && !prefix.isBlank() && account != null && !account.isBlank() && region != null) {
            return Names.queueUrl(region, account, Names.pushQueueName(prefix, channelId));
        }
        return url(Queues.push(channelId));
    }

    public String ordersQueueUrl() {
        return url(Queues.ORDERS);
    }
}
