package dev.zaiko.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions in a template value to the LONGEST string they can
 * become at deploy time, so a synth test can check limits that only resolved values reach
 * (Lambda's 4 KB environment). Every generated name is taken at its maximum length: table names
 * 255, queue names 80, function names 64, account ids 12 digits, the longest region name and
 * partition, the longest URL suffix. A token it does not know fails the test rather than
 * counting as short.
 */
final class MaxLengthResolver {
    static final String ACCOUNT = "123456789012";
    /** As long as any region name (14 characters). */
    static final String REGION = "cn-northwest-1";
    /** The longest partition name. */
    static final String PARTITION = "aws-iso-b";
    static final String URL_SUFFIX = "amazonaws.com.cn";
    static final int TABLE_NAME = 255;
    static final int QUEUE_NAME = 80;
    static final int FUNCTION_NAME = 64;
    static final int LOG_GROUP_NAME = 512;
    static final int PARAMETER_NAME = 1011;

    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    private final JsonNode resources;

    MaxLengthResolver(JsonNode template) {
        this.resources = template.get("Resources");
    }

    String resolve(JsonNode value) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        if (value.isObject() && value.size() == 1) {
            Map.Entry<String, JsonNode> fn = value.fields().next();
            JsonNode arg = fn.getValue();
            switch (fn.getKey()) {
                case "Ref":
                    return ref(arg.asText());
                case "Fn::GetAtt":
                    return getAtt(arg.get(0).asText(), arg.get(1).asText());
                case "Fn::Join": {
                    StringBuilder out = new StringBuilder();
                    Iterator<JsonNode> parts = arg.get(1).elements();
                    while (parts.hasNext()) {
                        out.append(resolve(parts.next()));
                        if (parts.hasNext()) {
                            out.append(arg.get(0).asText());
                        }
                    }
                    return out.toString();
                }
                case "Fn::Sub": {
                    String text = arg.isTextual() ? arg.asText() : arg.get(0).asText();
                    JsonNode vars = arg.isArray() && arg.size() > 1 ? arg.get(1) : null;
                    Matcher m = SUB.matcher(text);
                    StringBuilder out = new StringBuilder();
                    while (m.find()) {
                        String name = m.group(1);
                        String replacement;
                        if (vars != null && vars.has(name)) {
                            replacement = resolve(vars.get(name));
                        } else if (name.contains(".")) {
                            replacement = getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
                        } else {
                            replacement = ref(name);
                        }
                        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
                    }
                    m.appendTail(out);
                    return out.toString();
                }
                default:
                    break;
            }
        }
        throw new AssertionError("cannot resolve " + value + " to its maximum length");
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Region":
                return REGION;
            case "AWS::Partition":
                return PARTITION;
            case "AWS::URLSuffix":
                return URL_SUFFIX;
            case "AWS::StackName":
                return "x".repeat(128);
            default:
                break;
        }
        String type = typeOf(name);
        return switch (type) {
            case "AWS::DynamoDB::Table" -> "t".repeat(TABLE_NAME);
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + "." + URL_SUFFIX + "/" + ACCOUNT + "/" + "q".repeat(QUEUE_NAME);
            case "AWS::Lambda::Function" -> "f".repeat(FUNCTION_NAME);
            case "AWS::Lambda::Alias" -> functionArn() + ":" + resources.get(name).at("/Properties/Name").asText("a".repeat(128));
            case "AWS::EC2::EIP" -> "255.255.255.255";
            case "AWS::SSM::Parameter" -> "/" + "p".repeat(PARAMETER_NAME - 1);
            case "AWS::Logs::LogGroup" -> "l".repeat(LOG_GROUP_NAME);
            case "AWS::SNS::Topic" -> "arn:" + PARTITION + ":sns:" + REGION + ":" + ACCOUNT + ":" + "s".repeat(256);
            default -> throw new AssertionError("Ref of " + name + " (" + type + ") has no known maximum length");
        };
    }

    private String getAtt(String name, String attribute) {
        String type = typeOf(name);
        return switch (type + "." + attribute) {
            case "AWS::DynamoDB::Table.Arn" -> "arn:" + PARTITION + ":dynamodb:" + REGION + ":" + ACCOUNT + ":table/"
                    + "t".repeat(TABLE_NAME);
            case "AWS::SQS::Queue.Arn" -> "arn:" + PARTITION + ":sqs:" + REGION + ":" + ACCOUNT + ":" + "q".repeat(QUEUE_NAME);
            case "AWS::SQS::Queue.QueueUrl" -> ref(name);
            case "AWS::SQS::Queue.QueueName" -> "q".repeat(QUEUE_NAME);
            case "AWS::Lambda::Function.Arn" -> functionArn();
            case "AWS::EC2::EIP.PublicIp" -> "255.255.255.255";
            case "AWS::SNS::Topic.TopicArn" -> ref(name);
            default -> throw new AssertionError("GetAtt " + name + "." + attribute + " (" + type
                    + ") has no known maximum length");
        };
    }

    private static String functionArn() {
        return "arn:" + PARTITION + ":lambda:" + REGION + ":" + ACCOUNT + ":function:" + "f".repeat(FUNCTION_NAME);
    }

    private String typeOf(String logicalId) {
        JsonNode resource = resources.get(logicalId);
        if (resource == null) {
            throw new AssertionError("no resource " + logicalId);
        }
        return resource.get("Type").asText();
    }

    /** Bytes of a function's environment as Lambda counts them (keys and values, UTF-8), resolved at maximum. */
    int environmentBytes(JsonNode variables) {
        int bytes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + resolve(e.getValue()).getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }
}
