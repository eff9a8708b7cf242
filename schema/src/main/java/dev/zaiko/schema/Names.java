package dev.zaiko.schema;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names shared by the CDK stack and the functions so that no function's environment grows with
 * the number of channels: per-channel resources (push queues, config and credential parameters)
 * have FIXED names built from a short prefix and the channel id; their URLs and ARNs are built at
 * run time from the account, the region and the prefix. The environment carries only these
 * variables, whatever the number of channels.
 *
 * <p>Name lengths: a prefix is at most {@value #MAX_PREFIX_LENGTH} characters and a channel id at
 * most 40 ({@link Queues#requireChannelId}), so the longest queue name
 * ({@code <prefix>-push-<id>-dlq}) is 70 characters (SQS allows 80) and the longest parameter name
 * stays far below SSM's 1011.
 */
public final class Names {
    private Names() {
    }

    public static final int MAX_PREFIX_LENGTH = 20;
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0," + (MAX_PREFIX_LENGTH - 1) + "}");

    /** The name prefix of this deployment's per-channel resources ({@code zaiko}). */
    public static final String PREFIX_ENV = "ZAIKO_PREFIX";
    /** The account id: Lambda does not put it in the environment, and ARNs and queue URLs need it. */
    public static final String ACCOUNT_ENV = "ZAIKO_ACCOUNT_ID";
    /** The pusher's alias ARN: one function pushes for every channel outside the VPC. */
    public static final String PUSHER_FUNCTION_ENV = "PUSHER_FUNCTION_ARN";
    /** The pusher's alias ARN for the channels with {@code fixedIp} (runs in the VPC). */
    public static final String PUSHER_FIXED_IP_FUNCTION_ENV = "PUSHER_FIXED_IP_FUNCTION_ARN";
    /** The reconciler's alias ARN, which the admin function invokes for the console's 再取得 (REPORT mode). */
    public static final String RECONCILER_FUNCTION_ENV = "RECONCILER_FUNCTION_ARN";
    /** The reconciler's alias ARN for the channels with {@code fixedIp}. */
    public static final String RECONCILER_FIXED_IP_FUNCTION_ENV = "RECONCILER_FIXED_IP_FUNCTION_ARN";
    /**
     * The poller's alias ARN, which the pusher and the reconciler invoke when a mall shows less
     * than the ledger (poll its orders now, invariant 8).
     */
    public static final String POLLER_FUNCTION_ENV = "POLLER_FUNCTION_ARN";
    /** The poller's alias ARN for the channels with {@code fixedIp}. */
    public static final String POLLER_FIXED_IP_FUNCTION_ENV = "POLLER_FIXED_IP_FUNCTION_ARN";
    /** Lambda's own variable. */
    public static final String REGION_ENV = "AWS_REGION";

    /**
     * Suffix of a channel's environment variables ({@code PUSH_QUEUE_URL_<suffix>}, ...): the id
     * upper-cased with '-' as '_'. The one copy of that rule.
     */
    public static String envSuffix(String channelId) {
        return channelId.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** The key of the channel id in a schedule's input and in a pusher wake-up. */
    public static final String CHANNEL_ID_INPUT = "channelId";

    /** The key of why an invocation was made ({@code "wake"}, {@value #POLL_NOW_REASON}); a schedule's input has none. */
    public static final String REASON_INPUT = "reason";
    /** A poll asked for out of schedule ({@code {"channelId": ..., "reason": "pollNow"}}): one poll, not a whole run. */
    public static final String POLL_NOW_REASON = "pollNow";

    /** A prefix from a stack name: lower case, '-' for anything else, at most {@value #MAX_PREFIX_LENGTH}. */
    public static String prefixFor(String stackName) {
        String p = stackName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (p.isEmpty() || !Character.isLetter(p.charAt(0))) {
            p = "z" + p;
        }
        return requirePrefix(p.length() > MAX_PREFIX_LENGTH ? p.substring(0, MAX_PREFIX_LENGTH).replaceAll("-+$", "") : p);
    }

    public static String requirePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("name prefix must match " + PREFIX.pattern() + ": " + prefix);
        }
        return prefix;
    }

    /** {@code <prefix>-push-<channelId>}: the channel's push queue. */
    public static String pushQueueName(String prefix, String channelId) {
        return requirePrefix(prefix) + "-push-" + Queues.requireChannelId(channelId);
    }

    public static String dlqName(String queueName) {
        return queueName + "-dlq";
    }

    /** Every push queue and its DLQ match {@code <prefix>-push-*}: the IAM resource of push grants. */
    public static String pushQueueNamePattern(String prefix) {
        return requirePrefix(prefix) + "-push-*";
    }

    /**
     * {@code <prefix>-poller} (or {@code <prefix>-poller-fixed-ip}, in the VPC): the pollers have fixed
     * names so the pusher and the reconciler can be given their ARN and invoke grant without a
     * reference to them (the poller refers to the pusher: a reference back would be a cycle).
     */
    public static String pollerFunctionName(String prefix, boolean fixedIp) {
        return requirePrefix(prefix) + (fixedIp ? "-poller-fixed-ip" : "-poller");
    }

    /** {@code /<prefix>/channels}: parent of every channel's parameters (GetParametersByPath). */
    public static String channelsParameterPath(String prefix) {
        return "/" + requirePrefix(prefix) + "/channels";
    }

    /** {@code /<prefix>/channels/<id>/config}: a String parameter with the channel's non-secret settings (CDK). */
    public static String channelConfigParameter(String prefix, String channelId) {
        return channelsParameterPath(prefix) + "/" + Queues.requireChannelId(channelId) + "/config";
    }

    /**
     * {@code /<prefix>/channels/<id>/credentials}: a SecureString parameter (standard tier, the
     * AWS-managed key {@code alias/aws/ssm}) with the credentials as a JSON object, written by
     * {@code zaiko secrets put} (CloudFormation cannot create SecureString parameters).
     */
    public static String channelCredentialsParameter(String prefix, String channelId) {
        return channelsParameterPath(prefix) + "/" + Queues.requireChannelId(channelId) + "/credentials";
    }

    /** {@code https://sqs.<region>.amazonaws.com/<account>/<name>} (commercial partition). */
    public static String queueUrl(String region, String account, String queueName) {
        return "https://sqs." + Objects.requireNonNull(region, "region") + ".amazonaws.com/"
                + Objects.requireNonNull(account, "account") + "/" + queueName;
    }

    public static String queueArn(String region, String account, String queueName) {
        return "arn:aws:sqs:" + region + ":" + account + ":" + queueName;
    }

    /** The ARN of a parameter; {@code name} starts with '/'. */
    public static String parameterArn(String region, String account, String name) {
        return "arn:aws:ssm:" + region + ":" + account + ":parameter" + name;
    }

    /**
     * The fields of a channel's config parameter (a JSON object written by the CDK stack, read by
     * the functions): {@code type}, {@code options} (object of strings), {@code pollIntervalSeconds},
     * {@code webhook}, {@code fixedIp}, {@code reconcileMode}.
     */
    public static final class ConfigFields {
        private ConfigFields() {
        }

        public static final String TYPE = "type";
        public static final String OPTIONS = "options";
        public static final String POLL_INTERVAL_SECONDS = "pollIntervalSeconds";
        public static final String WEBHOOK = "webhook";
        public static final String FIXED_IP = "fixedIp";
        public static final String RECONCILE_MODE = "reconcileMode";
    }
}
