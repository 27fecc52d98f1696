import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { buildConsole, viewerRequestCode } from "../console/build";
import { CALLBACK_PATH, connectOrigins, consoleConfig, SIGNED_OUT_PATH } from "../console/src/config";
import { consoleHeadersPolicy } from "./logic/consoleHeaders";
import { webAclConfig } from "./logic/webAcl";
import { buildReplicationPolicy, buildSiteBucketPolicy, buildTlsOnlyBucketPolicy } from "./logic/consolePolicies";

/** CloudFront's managed cache policy "CachingOptimized" (query strings and cookies out of the cache key). https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/** Status codes from the primary bucket that make CloudFront ask the replica (S3 through OAC answers a missing object with 403). */
export const FAILOVER_STATUS_CODES = [403, 404, 500, 502, 503, 504] as const;

/** Arguments of {@link WebConsole}. */
export interface WebConsoleArgs {
    /** Stack name, shown in the console. */
    readonly stack: string;
    /** Home region: the primary bucket, the log bucket, the user pool domain and the app client. Decides which resources exist. */
    readonly homeRegion: string;
    /** Region of the replicated bucket CloudFront fails over to. Decides which resources exist. */
    readonly replicaRegion: string;
    readonly namePrefix: string;
    readonly accountId: pulumi.Input<string>;
    /** `console.<zone>` with a certificate; `undefined` = the distribution's own `*.cloudfront.net` name. Decides which resources exist. */
    readonly dns?: { readonly zoneName: string; readonly domainName: string };
    /** What the console calls: the API's first name (latency name, else the home region's) and every region's own name. */
    readonly api: { readonly url: pulumi.Input<string>; readonly regions: Record<string, pulumi.Input<string>> };
    /** The home user pool. */
    readonly userPool: { readonly id: pulumi.Input<string>; readonly endpoint: pulumi.Input<string> };
    /** Prefix of the user pool's managed login domain (`<prefix>.auth.<home>.amazoncognito.com`), unique across AWS; used without `signInDomainUrl`. */
    readonly authDomainPrefix: pulumi.Input<string>;
    /**
     * The user pool's custom sign-in domain (`https://auth.<zone>`, components/signInDomain.ts),
     * which fails over to the pool's replica with the home region: the console signs in there and
     * creates no prefix domain of its own. `undefined` = a prefix domain in the home region.
     */
    readonly signInDomainUrl?: pulumi.Input<string>;
    /** Extra callback and sign-out origins of the app client (dev: a console served on localhost). @default [] */
    readonly extraCallbackOrigins?: readonly string[];
    /** A CLOUDFRONT-scope WAF web ACL in us-east-1 (AWS managed rules + a per-IP rate rule); `undefined` = none. */
    readonly waf?: { readonly rateLimit: number };
    /** CloudFront price class. @default "PriceClass_100" */
    readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
    /** Days the access logs are kept. */
    readonly logRetentionDays: number;
    /** Keep the access logs on `pulumi destroy` (prod). @default false */
    readonly protectData?: boolean;
    readonly tags?: Record<string, string>;
}

const PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Problems with {@link WebConsoleArgs}, one line each, naming the field. Empty when valid. */
export function validateWebConsoleArgs(args: WebConsoleArgs): string[] {
    const problems: string[] = [];
    if (args.replicaRegion === args.homeRegion) problems.push(`replicaRegion ${args.replicaRegion} must differ from homeRegion (the replica is what survives the home region)`);
    if (typeof args.authDomainPrefix === "string") {
        if (!PREFIX.test(args.authDomainPrefix)) problems.push(`authDomainPrefix "${args.authDomainPrefix}" must be 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen`);
        if (/aws|amazon|cognito/.test(args.authDomainPrefix)) problems.push(`authDomainPrefix "${args.authDomainPrefix}" may not contain aws, amazon or cognito (reserved by Cognito)`);
    }
    if (args.dns && args.dns.domainName !== args.dns.zoneName && !args.dns.domainName.endsWith(`.${args.dns.zoneName}`)) {
        problems.push(`dns.domainName ${args.dns.domainName} is not inside the zone ${args.dns.zoneName}`);
    }
    for (const o of args.extraCallbackOrigins ?? []) if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/.test(o)) problems.push(`extraCallbackOrigins: "${o}" is not an origin`);
    if (!Number.isInteger(args.logRetentionDays) || args.logRetentionDays < 1) problems.push(`logRetentionDays ${args.logRetentionDays} must be a whole number of days, at least 1`);
    return problems;
}

/**
 * The web console (docs/design.md, decision 15): a private S3 bucket in the home region replicated to a
 * bucket in a second region, both behind one CloudFront distribution through Origin Access
 * Control in an origin group (failover on 403/404/5xx from the primary; CloudFront fails over
 * only GET, HEAD and OPTIONS, which is all a static site serves); a CloudFront Function that
 * serves `index.html` for app routes; a response headers policy (HSTS, CSP, nosniff, no framing,
 * no referrer); access logs; `console.<zone>` with an ACM certificate in us-east-1 (TLSv1.2_2021,
 * SNI), IPv4 and IPv6 aliases; optionally a CLOUDFRONT web ACL. The site's files are built from
 * console/ and uploaded with their content types and cache headers, with a `config.json` made
 * from the stack's outputs. Sign-in: a user pool domain (managed login) and a public app client
 * for authorization code + PKCE, whose callback and sign-out URLs are the console's.
 */
export class WebConsole extends pulumi.ComponentResource {
    /** `https://console.<zone>` or `https://<id>.cloudfront.net`: the origin the API allows. */
    public readonly url: pulumi.Output<string>;
    public readonly distributionId: pulumi.Output<string>;
    public readonly bucketName: pulumi.Output<string>;
    public readonly replicaBucketName: pulumi.Output<string>;
    /** The console's app client (authorization code + PKCE, no secret). */
    public readonly clientId: pulumi.Output<string>;
    /** `https://<prefix>.auth.<home>.amazoncognito.com`. */
    public readonly authDomainUrl: pulumi.Output<string>;

    constructor(name: string, args: WebConsoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:console:WebConsole", name, {}, opts);
        const problems = validateWebConsoleArgs(args);
        if (problems.length) throw new Error(`Invalid WebConsole "${name}":\n  - ${problems.join("\n  - ")}`);
        const parent = { parent: this };
        const home = args.homeRegion;

        // --- Buckets: private, versioned, encrypted, TLS only, no ACLs; the replica in another region.
        const bucket = (id: string, region: string) => {
            const b = new aws.s3.Bucket(`${name}-${id}`, { region, forceDestroy: true, tags: args.tags }, parent);
            new aws.s3.BucketOwnershipControls(`${name}-${id}-ownership`, { region, bucket: b.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
            new aws.s3.BucketPublicAccessBlock(`${name}-${id}-public-access`, {
                region, bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
            }, parent);
            new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-${id}-encryption`, {
                region, bucket: b.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
            }, parent);
            const versioning = new aws.s3.BucketVersioning(`${name}-${id}-versioning`, { region, bucket: b.id, versioningConfiguration: { status: "Enabled" } }, parent);
            // Old versions of the site's files are kept a month (a rollback window), then expire.
            new aws.s3.BucketLifecycleConfiguration(`${name}-${id}-lifecycle`, {
                region, bucket: b.id,
                rules: [{ id: "old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 30 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
            }, { parent: this, dependsOn: [versioning] });
            return { bucket: b, versioning };
        };
        const primary = bucket("site", home);
        const replica = bucket("site-replica", args.replicaRegion);

        const replicationRole = new aws.iam.Role(`${name}-replication`, {
            name: `${args.namePrefix}-console-replication`,
            description: "S3 replication of the web console's bucket to its replica",
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
            tags: args.tags,
        }, parent);
        new aws.iam.RolePolicy(`${name}-replication-policy`, {
            role: replicationRole.name,
            policy: pulumi.all([primary.bucket.arn, replica.bucket.arn]).apply(([source, destination]) => JSON.stringify(buildReplicationPolicy(source, destination))),
        }, parent);
        const replication = new aws.s3.BucketReplicationConfig(`${name}-site-replication`, {
            region: home,
            bucket: primary.bucket.id,
            role: replicationRole.arn,
            rules: [{
                id: "site", status: "Enabled", filter: {}, deleteMarkerReplication: { status: "Enabled" },
                destination: { bucket: replica.bucket.arn, storageClass: "STANDARD" },
            }],
        }, { parent: this, dependsOn: [primary.versioning, replica.versioning] });

        // --- Access logs: CloudFront standard logs go to a bucket with ACLs enabled (the log
        // delivery writes with an ACL grant; SSE-KMS is not supported), kept logRetentionDays.
        // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
        const logs = new aws.s3.Bucket(`${name}-logs`, { region: home, forceDestroy: !args.protectData, tags: args.tags }, { parent: this, ...(args.protectData ? { retainOnDelete: true } : {}) });
        const logsOwnership = new aws.s3.BucketOwnershipControls(`${name}-logs-ownership`, { region: home, bucket: logs.id, rule: { objectOwnership: "BucketOwnerPreferred" } }, parent);
        new aws.s3.BucketPublicAccessBlock(`${name}-logs-public-access`, {
            region: home, bucket: logs.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-logs-encryption`, {
            region: home, bucket: logs.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, parent);
        new aws.s3.BucketLifecycleConfiguration(`${name}-logs-lifecycle`, {
            region: home, bucket: logs.id,
            rules: [{ id: "retention", status: "Enabled", filter: {}, expiration: { days: args.logRetentionDays }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
        }, parent);
        new aws.s3.BucketPolicy(`${name}-logs-policy`, {
            region: home, bucket: logs.id, policy: logs.arn.apply(arn => JSON.stringify(buildTlsOnlyBucketPolicy(arn))),
        }, parent);

        // --- Certificate (us-east-1, as CloudFront requires), validated in the zone.
        let certificateArn: pulumi.Output<string> | undefined;
        let zoneId: pulumi.Output<string> | undefined;
        if (args.dns) {
            zoneId = aws.route53.getZoneOutput({ name: args.dns.zoneName, privateZone: false }, parent).zoneId;
            const cert = new aws.acm.Certificate(`${name}-cert`, { region: "us-east-1", domainName: args.dns.domainName, validationMethod: "DNS", tags: args.tags }, parent);
            const option = cert.domainValidationOptions.apply(o => {
                const found = o.find(x => x.domainName === args.dns!.domainName);
                if (!found) throw new Error(`certificate has no validation option for ${args.dns!.domainName}`);
                return found;
            });
            const record = new aws.route53.Record(`${name}-cert-validation-record`, {
                zoneId, name: option.resourceRecordName, type: option.resourceRecordType, records: [option.resourceRecordValue], ttl: 300, allowOverwrite: false,
            }, parent);
            certificateArn = new aws.acm.CertificateValidation(`${name}-cert-validation`, {
                region: "us-east-1", certificateArn: cert.arn, validationRecordFqdns: [record.fqdn],
            }, parent).certificateArn;
        }

        // --- Sign-in: the user pool's managed login and the console's app client.
        // The custom domain when there is one: it follows the user pool's replica during a home-region outage.
        if (args.signInDomainUrl !== undefined) {
            this.authDomainUrl = pulumi.output(args.signInDomainUrl);
        } else {
            const authDomain = new aws.cognito.UserPoolDomain(`${name}-auth-domain`, { region: home, domain: args.authDomainPrefix, userPoolId: args.userPool.id }, parent);
            this.authDomainUrl = pulumi.interpolate`https://${authDomain.domain}.auth.${home}.amazoncognito.com`;
        }

        // --- Edge: function, headers, OAC, WAF, distribution.
        const rewrite = new aws.cloudfront.Function(`${name}-spa-routes`, {
            name: `${args.namePrefix}-console-spa-routes`,
            runtime: "cloudfront-js-2.0",
            comment: "Serve /index.html for the console's app routes; files pass unchanged",
            code: viewerRequestCode(),
            publish: true,
        }, parent);
        const apiUrls = pulumi.all([pulumi.output(args.api.url), pulumi.all(args.api.regions)]);
        const headers = new aws.cloudfront.ResponseHeadersPolicy(`${name}-headers`, {
            name: `${args.namePrefix}-console-headers`,
            comment: "HSTS, CSP, nosniff, no framing, no referrer for the web console",
            securityHeadersConfig: pulumi.all([apiUrls, this.authDomainUrl]).apply(([[url, regions], domain]) =>
                consoleHeadersPolicy(connectOrigins(this.configFor(args.stack, url, regions, "", "", domain))).securityHeadersConfig as aws.types.input.cloudfront.ResponseHeadersPolicySecurityHeadersConfig),
            customHeadersConfig: consoleHeadersPolicy([]).customHeadersConfig as aws.types.input.cloudfront.ResponseHeadersPolicyCustomHeadersConfig,
        }, parent);
        const oac = new aws.cloudfront.OriginAccessControl(`${name}-oac`, {
            name: `${args.namePrefix}-console`,
            description: "CloudFront reads the console's buckets (SigV4 on every request)",
            originAccessControlOriginType: "s3",
            signingBehavior: "always",
            signingProtocol: "sigv4",
        }, parent);
        let webAclArn: pulumi.Output<string> | undefined;
        if (args.waf) {
            // CLOUDFRONT-scope web ACLs live in us-east-1. https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html
            webAclArn = new aws.wafv2.WebAcl(`${name}-waf`, {
                region: "us-east-1", ...webAclConfig(`${args.namePrefix}-console`, "CLOUDFRONT", args.waf.rateLimit), tags: args.tags,
            }, parent).arn;
        }
        const origin = (id: string, b: aws.s3.Bucket) => ({ originId: id, domainName: b.bucketRegionalDomainName, originAccessControlId: oac.id });
        const cdn = new aws.cloudfront.Distribution(`${name}-cdn`, {
            enabled: true,
            comment: `${args.namePrefix} web console`,
            defaultRootObject: "index.html",
            httpVersion: "http2and3",
            isIpv6Enabled: true,
            priceClass: args.priceClass ?? "PriceClass_100",
            aliases: args.dns ? [args.dns.domainName] : undefined,
            origins: [origin("primary", primary.bucket), origin("replica", replica.bucket)],
            originGroups: [{
                originId: "site",
                failoverCriteria: { statusCodes: [...FAILOVER_STATUS_CODES] },
                members: [{ originId: "primary" }, { originId: "replica" }],
            }],
            defaultCacheBehavior: {
                targetOriginId: "site",
                viewerProtocolPolicy: "redirect-to-https",
                allowedMethods: ["GET", "HEAD", "OPTIONS"],
                cachedMethods: ["GET", "HEAD"],
                compress: true,
                cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
                responseHeadersPolicyId: headers.id,
                functionAssociations: [{ eventType: "viewer-request", functionArn: rewrite.arn }],
            },
            restrictions: { geoRestriction: { restrictionType: "none" } },
            viewerCertificate: certificateArn
                ? { acmCertificateArn: certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
                : { cloudfrontDefaultCertificate: true },
            loggingConfig: { bucket: logs.bucketDomainName, prefix: "cloudfront/", includeCookies: false },
            webAclId: webAclArn,
            tags: args.tags,
        }, { parent: this, dependsOn: [logsOwnership] });

        for (const [id, b] of [["site", primary.bucket], ["site-replica", replica.bucket]] as const) {
            new aws.s3.BucketPolicy(`${name}-${id}-policy`, {
                region: id === "site" ? home : args.replicaRegion,
                bucket: b.id,
                policy: pulumi.all([b.arn, cdn.arn]).apply(([bucketArn, distributionArn]) => JSON.stringify(buildSiteBucketPolicy(bucketArn, distributionArn))),
            }, parent);
        }

        if (args.dns) {
            for (const type of ["A", "AAAA"]) {
                new aws.route53.Record(`${name}-${type.toLowerCase()}`, {
                    zoneId: zoneId!, name: args.dns.domainName, type,
                    aliases: [{ name: cdn.domainName, zoneId: cdn.hostedZoneId, evaluateTargetHealth: false }],
                }, parent);
            }
        }
        this.url = args.dns ? pulumi.output(`https://${args.dns.domainName}`) : pulumi.interpolate`https://${cdn.domainName}`;

        const origins = [this.url, ...(args.extraCallbackOrigins ?? [])];
        const client = new aws.cognito.UserPoolClient(`${name}-client`, {
            region: home,
            name: `${args.namePrefix}-console`,
            userPoolId: args.userPool.id,
            // A public client: the code is exchanged with a PKCE verifier, never a secret.
            generateSecret: false,
            allowedOauthFlowsUserPoolClient: true,
            allowedOauthFlows: ["code"],
            allowedOauthScopes: ["openid", "email", "profile"],
            supportedIdentityProviders: ["COGNITO"],
            callbackUrls: pulumi.all(origins).apply(os => os.map(o => `${o}${CALLBACK_PATH}`)),
            logoutUrls: pulumi.all(origins).apply(os => os.map(o => `${o}${SIGNED_OUT_PATH}`)),
            explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
            preventUserExistenceErrors: "ENABLED",
            enableTokenRevocation: true,
            accessTokenValidity: 60,
            idTokenValidity: 60,
            refreshTokenValidity: 12,
            tokenValidityUnits: { accessToken: "minutes", idToken: "minutes", refreshToken: "hours" },
        }, parent);

        // --- The site's files and its config.json, into the primary bucket (replication copies them).
        const upload = { parent: this, dependsOn: [replication] };
        for (const file of buildConsole().files) {
            new aws.s3.BucketObjectv2(`${name}-file-${file.path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-[A-Z0-9]{8}-/, "-")}`, {
                region: home, bucket: primary.bucket.id, key: file.path,
                source: new pulumi.asset.StringAsset(file.contents.toString("utf8")),
                contentType: file.contentType, cacheControl: file.cacheControl,
                // Lets `pulumi preview` see a changed file under an unchanged name.
                sourceHash: createHash("sha256").update(file.contents).digest("hex"),
                tags: args.tags,
            }, upload);
        }
        const config = pulumi.all([apiUrls, args.userPool.endpoint, client.id, this.authDomainUrl]).apply(([[url, regions], endpoint, clientId, domain]) =>
            JSON.stringify(this.configFor(args.stack, url, regions, `https://${endpoint}`, clientId, domain), null, 2));
        new aws.s3.BucketObjectv2(`${name}-file-config-json`, {
            region: home, bucket: primary.bucket.id, key: "config.json", content: config,
            contentType: "application/json", cacheControl: "no-cache", tags: args.tags,
        }, upload);

        this.distributionId = cdn.id;
        this.bucketName = primary.bucket.bucket;
        this.replicaBucketName = replica.bucket.bucket;
        this.clientId = client.id;
        this.registerOutputs({ url: this.url, distributionId: this.distributionId, bucketName: this.bucketName, replicaBucketName: this.replicaBucketName, clientId: this.clientId, authDomainUrl: this.authDomainUrl });
    }

    /** config.json for these names (the same builder the local platform uses). */
    private configFor(stack: string, url: string, regions: Record<string, string>, issuer: string, clientId: string, domainUrl: string) {
        return consoleConfig({ stack, apiUrl: url, regionalApiUrls: regions, issuer, clientId, domainUrl });
    }
}
