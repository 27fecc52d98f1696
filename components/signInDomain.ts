import * as aws from "@pulumi/aws";
// Subpaths, not the package index (see components/identity.ts).
import * as nativeCognito from "@pulumi/aws-native/cognito";
import * as pulumi from "@pulumi/pulumi";

/** CloudFront's hosted zone: every alias record that points at a distribution names it. */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/** Arguments of {@link SignInDomain}. */
export interface SignInDomainArgs {
    /** The user pool's id (shared by its replica). */
    readonly userPoolId: pulumi.Input<string>;
    /** The fully qualified sign-in domain, e.g. `auth.example.com`, inside `zoneName`. */
    readonly domainName: string;
    /** Route 53 public hosted zone that holds `domainName`. */
    readonly zoneName: string;
    /** Region of the pool's replica; with it, the domain fails over there. Decides which settings exist. */
    readonly replicaRegion?: string;
    /**
     * Route 53 health check whose state moves the domain: healthy = the primary serves, unhealthy =
     * the replica does. Required with `replicaRegion`.
     */
    readonly primaryHealthCheckId?: pulumi.Input<string>;
    /** The `aws-native` provider of the user pool's (home) region. */
    readonly provider: pulumi.ProviderResource;
    readonly tags?: Record<string, string>;
}

/** Problems with {@link SignInDomainArgs}, one line each, naming the field. Empty when valid. */
export function validateSignInDomainArgs(args: Pick<SignInDomainArgs, "domainName" | "zoneName" | "replicaRegion" | "primaryHealthCheckId">): string[] {
    const problems: string[] = [];
    if (args.domainName === args.zoneName || !args.domainName.endsWith(`.${args.zoneName}`)) {
        problems.push(`domainName ${args.domainName} must be a name inside the hosted zone ${args.zoneName} (e.g. auth.${args.zoneName})`);
    }
    if (args.replicaRegion !== undefined && args.primaryHealthCheckId === undefined) {
        problems.push("primaryHealthCheckId is required with replicaRegion: the domain fails over when that health check is unhealthy");
    }
    return problems;
}

/**
 * The user pool's custom sign-in domain (`auth.<zone>`): where the managed login pages and the
 * OAuth 2.0 endpoints (`/oauth2/authorize`, `/oauth2/token`, ...) live, with its ACM certificate
 * in us-east-1 (Cognito serves custom domains through CloudFront) and the alias record.
 *
 * With a replica, the domain has Cognito's failover routing: while `primaryHealthCheckId` is
 * unhealthy, Cognito serves the domain's pages and endpoints from the replica; when it is healthy
 * again, from the primary. The platform uses the home region's API health check (`/health`, the
 * check that already takes the home region out of latency routing), so draining the home region
 * for a drill moves sign-in too. That check says nothing of Cognito itself: a Cognito-only outage
 * in a healthy home region does not fail the domain over (docs/runbooks.md#sign-in-failover).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html
 *
 * `aws-native`'s `cognito.UserPoolDomain` carries `routing.failover` (the CloudFormation
 * `AWS::Cognito::UserPoolDomain` `Routing` property); `@pulumi/aws` 7's domain does not.
 */
export class SignInDomain extends pulumi.ComponentResource {
    /** `https://<domainName>`. */
    public readonly url: string;
    /** The CloudFront distribution Cognito serves the domain from (the alias record's target). */
    public readonly cloudFrontDistribution: pulumi.Output<string>;

    constructor(name: string, args: SignInDomainArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:identity:SignInDomain", name, {}, opts);
        const problems = validateSignInDomainArgs(args);
        if (problems.length) throw new Error(`Invalid SignInDomain "${name}":\n  - ${problems.join("\n  - ")}`);

        const zone = aws.route53.getZoneOutput({ name: args.zoneName, privateZone: false }, { parent: this });
        // Custom domains of user pools need their certificate in us-east-1, whatever the pool's region.
        // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
        const cert = new aws.acm.Certificate(`${name}-cert`, {
            region: "us-east-1",
            domainName: args.domainName,
            validationMethod: "DNS",
            tags: args.tags,
        }, { parent: this });
        const option = cert.domainValidationOptions.apply(opts => {
            const found = opts.find(o => o.domainName === args.domainName);
            if (!found) throw new Error(`certificate has no validation option for ${args.domainName}`);
            return found;
        });
        const validationRecord = new aws.route53.Record(`${name}-cert-validation-record`, {
            zoneId: zone.zoneId,
            name: option.resourceRecordName,
            type: option.resourceRecordType,
            records: [option.resourceRecordValue],
            ttl: 300,
            allowOverwrite: false,
        }, { parent: this });
        const validation = new aws.acm.CertificateValidation(`${name}-cert-validation`, {
            region: "us-east-1",
            certificateArn: cert.arn,
            validationRecordFqdns: [validationRecord.fqdn],
        }, { parent: this });

        const domain = new nativeCognito.UserPoolDomain(`${name}-domain`, {
            domain: args.domainName,
            userPoolId: args.userPoolId,
            customDomainConfig: { certificateArn: validation.certificateArn, securityPolicy: "TLS_V1_2_2021" },
            routing: args.replicaRegion ? {
                failover: { secondaryRegion: args.replicaRegion, primaryRoute53HealthCheckId: args.primaryHealthCheckId! },
            } : undefined,
        }, { parent: this, provider: args.provider });

        new aws.route53.Record(`${name}-alias`, {
            zoneId: zone.zoneId,
            name: args.domainName,
            type: "A",
            aliases: [{ name: domain.cloudFrontDistribution, zoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false }],
        }, { parent: this });

        this.url = `https://${args.domainName}`;
        this.cloudFrontDistribution = domain.cloudFrontDistribution;
        this.registerOutputs({ url: this.url, cloudFrontDistribution: this.cloudFrontDistribution });
    }
}
