package dev.zaiko.infra;

import dev.zaiko.deployconfig.NatMode;
import software.amazon.awscdk.services.ec2.AmazonLinux2023ImageSsmParameterProps;
import software.amazon.awscdk.services.ec2.AmazonLinuxCpuType;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.CfnEIPAssociation;
import software.amazon.awscdk.services.ec2.CpuCredits;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.NatGatewayProps;
import software.amazon.awscdk.services.ec2.NatInstanceProps;
import software.amazon.awscdk.services.ec2.NatInstanceProviderV2;
import software.amazon.awscdk.services.ec2.NatProvider;
import software.amazon.awscdk.services.ec2.NatTrafficDirection;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.services.ec2.InstanceRequireImdsv2Aspect;
import software.constructs.Construct;
import java.util.Optional;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fixed egress IP for the malls that only accept registered caller addresses (Yahoo order
 * APIs, Mercari Shops, au PAY Market): a VPC over two AZs (public and private-with-egress
 * subnets) whose private subnets leave through ONE NAT with an Elastic IP. The functions of
 * those channels run in the private subnets; everything else stays outside the VPC.
 *
 * <ul>
 *   <li>{@link NatMode#INSTANCE} (default): a t4g.nano NAT instance (Amazon Linux 2023, iptables
 *       masquerading set up by CDK's {@code NatProvider.instanceV2}), CPU credits "standard" so
 *       a busy month cannot bill unlimited-mode surplus credits. About $8/month in Tokyo with the
 *       EIP. It is a single instance: a CloudWatch alarm on StatusCheckFailed_System recovers it
 *       (same instance id, same Elastic IP); IMDSv2 is required; its AMI is resolved once and
 *       kept in cdk.context.json. While it is down, the fixed-IP channels' polls fail and alarm.</li>
 *   <li>{@link NatMode#GATEWAY}: one managed NAT Gateway (about $49/month in Tokyo).</li>
 * </ul>
 *
 * A DynamoDB gateway endpoint (free) keeps table traffic off the NAT.
 */
public final class EgressConstruct extends Construct {
    public record Props(NatMode natMode) {
        public Props {
            Objects.requireNonNull(natMode, "natMode");
        }
    }

    private final Vpc vpc;
    private final SecurityGroup functionSecurityGroup;
    private final CfnEIP elasticIp;
    private final Optional<String> natInstanceId;

    public EgressConstruct(Construct scope, String id, Props props) {
        super(scope, id);
        this.elasticIp = CfnEIP.Builder.create(this, "ElasticIp").domain("vpc").build();
        NatProvider provider = props.natMode() == NatMode.GATEWAY
                ? NatProvider.gateway(NatGatewayProps.builder()
                        .eipAllocationIds(List.of(elasticIp.getAttrAllocationId()))
                        .build())
                : NatProvider.instanceV2(NatInstanceProps.builder()
                        .instanceType(InstanceType.of(InstanceClass.T4G, InstanceSize.NANO))
                        .machineImage(MachineImage.latestAmazonLinux2023(AmazonLinux2023ImageSsmParameterProps.builder()
                                .cpuType(AmazonLinuxCpuType.ARM_64)
                                // resolved once by `cdk synth`/`deploy` and kept in cdk.context.json:
                                // a later deploy does not replace the instance (and its IP) for a new AMI
                                .cachedInContext(accountKnown(scope))
                                .build()))
                        .creditSpecification(CpuCredits.STANDARD)
                        // nothing may reach the instance from the internet; the VPC is allowed below
                        .defaultAllowedTraffic(NatTrafficDirection.OUTBOUND_ONLY)
                        .build());
        this.vpc = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(1)
                .natGatewayProvider(provider)
                .restrictDefaultSecurityGroup(false)
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC)
                                .cidrMask(24).build(),
                        SubnetConfiguration.builder().name("egress").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(24).build()))
                .gatewayEndpoints(Map.of("DynamoDb", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.DYNAMODB).build()))
                .build();
        if (provider instanceof NatInstanceProviderV2 instances) {
            instances.getConnections().allowFrom(Peer.ipv4(vpc.getVpcCidrBlock()), Port.allTraffic(),
                    "traffic from the VPC to be masqueraded");
            // The instance keeps its Elastic IP across stop/start and replacement (new AMI).
            CfnEIPAssociation.Builder.create(this, "ElasticIpAssociation")
                    .allocationId(elasticIp.getAttrAllocationId())
                    .instanceId(instances.getGatewayInstances().get(0).getInstanceId())
                    .build();
        }
        // IMDSv2 only (session tokens): the instance's role credentials cannot be read by a forged request
        Aspects.of(this).add(InstanceRequireImdsv2Aspect.Builder.create().build());
        this.natInstanceId = provider instanceof NatInstanceProviderV2 instances
                ? Optional.of(instances.getGatewayInstances().get(0).getInstanceId()) : Optional.empty();
        this.functionSecurityGroup = SecurityGroup.Builder.create(this, "FunctionSecurityGroup")
                .vpc(vpc)
                .description("zaiko-sync functions that call malls from the fixed egress IP")
                .allowAllOutbound(true)
                .build();
    }

    /**
     * The AMI lookup is cached in cdk.context.json only when the account is known (cdk synth/deploy
     * with credentials); a credential-less synth ({@code zaiko synth}) keeps CDK's SSM parameter and
     * says so.
     */
    private static boolean accountKnown(Construct scope) {
        boolean known = !software.amazon.awscdk.Token.isUnresolved(software.amazon.awscdk.Stack.of(scope).getAccount());
        if (!known) {
            software.amazon.awscdk.Annotations.of(scope).addWarningV2("zaiko:nat-ami",
                    "NAT AMI not pinned: no account at synth time. Deploy with credentials (zaiko deploy) so the AMI"
                            + " is resolved once and written to cdk.context.json.");
        }
        return known;
    }

    /** Placement for a function whose mall needs the fixed IP. */
    public ZaikoFunction.Network network() {
        return new ZaikoFunction.Network(vpc,
                SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build(),
                functionSecurityGroup);
    }

    /** The fixed egress address (a token resolved at deploy time). */
    public String publicIp() {
        return elasticIp.getAttrPublicIp();
    }

    /** The NAT instance (for its recover alarm), absent with a NAT Gateway. */
    public Optional<String> natInstanceId() {
        return natInstanceId;
    }

    public Vpc vpc() {
        return vpc;
    }
}
