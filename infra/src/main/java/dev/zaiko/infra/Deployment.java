package dev.zaiko.infra;

import dev.zaiko.schema.Names;
import dev.zaiko.schema.Tables;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.PolicyStatement;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What every function of one deployment shares, and the grants by name prefix that keep a
 * function's environment and policies from growing per channel. Per-channel resources have fixed
 * names ({@link Names}); functions build their URLs and ARNs from {@value Names#PREFIX_ENV},
 * {@value Names#ACCOUNT_ENV} and {@code AWS_REGION}.
 *
 * @param prefix the name prefix (from the stack name)
 */
public record Deployment(String prefix) {
    public Deployment {
        Names.requirePrefix(prefix);
    }

    /** The prefix and account id every channel-serving function needs (two variables, fixed size). */
    public void addEnvironment(ZaikoFunction function) {
        function.addEnvironment(Names.PREFIX_ENV, prefix);
        function.addEnvironment(Names.ACCOUNT_ENV, Aws.ACCOUNT_ID);
    }

    private String parameterArn(String name) {
        return "arn:" + Aws.PARTITION + ":ssm:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":parameter" + name;
    }

    private String queueArn(String name) {
        return "arn:" + Aws.PARTITION + ":sqs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + name;
    }

    /**
     * Reading channel settings and credentials: every channel's parameters (by prefix), or only
     * the named channels' ones. Credentials are SecureString under the AWS-managed key
     * {@code alias/aws/ssm}, which SSM decrypts for the account's principals: no KMS grant.
     */
    public void grantReadChannels(ZaikoFunction function, List<String> onlyChannels, boolean listAll) {
        List<String> resources = onlyChannels.isEmpty()
                ? List.of(parameterArn(Names.channelsParameterPath(prefix) + "/*"))
                : onlyChannels.stream().flatMap(id -> java.util.stream.Stream.of(
                        parameterArn(Names.channelConfigParameter(prefix, id)),
                        parameterArn(Names.channelCredentialsParameter(prefix, id)))).toList();
        function.alias().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("ssm:GetParameter"))
                .resources(resources)
                .build());
        if (listAll) {
            function.alias().addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(List.of("ssm:GetParametersByPath"))
                    .resources(List.of(parameterArn(Names.channelsParameterPath(prefix))))
                    .build());
        }
    }

    /** Sending push requests to any channel's push queue (by name prefix). */
    public void grantSendPushes(ZaikoFunction function) {
        function.alias().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"))
                .resources(List.of(queueArn(Names.pushQueueNamePattern(prefix))))
                .build());
    }

    /** Draining any channel's push queue (the pusher). */
    public void grantConsumePushes(ZaikoFunction function) {
        function.alias().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes", "sqs:SendMessage"))
                .resources(List.of(queueArn(Names.pushQueueNamePattern(prefix))))
                .build());
    }

    /** Waking the pushers: their alias ARNs in two fixed variables, invoke on both. */
    public static void routePushesTo(ZaikoFunction function, ChannelFunctions channels, Deployment deployment) {
        deployment.grantSendPushes(function);
        channels.pusher().alias().grantInvoke(function.alias());
        function.addEnvironment(Names.PUSHER_FUNCTION_ENV, channels.pusher().alias().getFunctionArn());
        channels.fixedIpPusher().ifPresent(p -> {
            p.alias().grantInvoke(function.alias());
            function.addEnvironment(Names.PUSHER_FIXED_IP_FUNCTION_ENV, p.alias().getFunctionArn());
        });
        // the pusher trigger asks a channel's config whether it needs the fixed IP
        deployment.addEnvironment(function);
    }

    /**
     * Read/write of the channels table limited to the items of {@code channelIds}
     * ({@code dynamodb:LeadingKeys}): a function serving some channels cannot touch the others'.
     */
    public static void grantChannelState(ZaikoFunction function, LedgerConstruct ledger, List<String> channelIds) {
        Objects.requireNonNull(channelIds, "channelIds");
        var table = ledger.table(Tables.CHANNELS);
        function.alias().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                        "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                        "dynamodb:ConditionCheckItem"))
                .resources(List.of(table.getTableArn()))
                .conditions(Map.of("ForAllValues:StringEquals", Map.of("dynamodb:LeadingKeys", channelIds)))
                .build());
        function.addEnvironment(Tables.CHANNELS.nameEnvVar(), table.getTableName());
    }

}
