import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CONTROL_PK, SENTINEL_SK, TABLE_KEYS } from "../handlers/shared/keys";
import { RegionalApi, RegionalApiArgs, STAGE } from "./regionalApi";

/** Arguments of {@link Api}. */
export interface ApiArgs extends Omit<RegionalApiArgs, "region" | "tableArn" | "cloudWatchRoleArn"> {
    /** Regions, home first. Decides which resources exist. */
    readonly regions: readonly string[];
    /** Replica ARN per region. */
    readonly tableArns: Record<string, pulumi.Input<string>>;
    /** Custom domain behind Route 53 latency routing; `undefined` = execute-api URLs only. */
    readonly dns?: { readonly zoneName: string; readonly apiDomain: string };
}

/**
 * The platform's API in every region plus, when `dns` is set, the routing in front of it
 * (docs/design.md, decision 6): per region an ACM certificate for `apiDomain` and `<region>.<apiDomain>`
 * (DNS validation records created once: every region asks for the same `apiDomain` record), two
 * REGIONAL custom domains with TLS 1.2 mapped to the stage, a latency alias record for `apiDomain`
 * with that region's health check, and a pinned `<region>.<apiDomain>` record.
 */
export class Api extends pulumi.ComponentResource {
    public readonly regional: Record<string, RegionalApi> = {};
    /** The URL clients use: `https://<apiDomain>`, or per region execute-api URLs without DNS. */
    public readonly urls: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: ApiArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:api:Api", name, {}, opts);

        // API Gateway writes execution logs with a role set per region in the account settings.
        const logRole = new aws.iam.Role(`${name}-cloudwatch`, {
            name: `${args.namePrefix}-apigateway-logs`,
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: args.tags,
        }, { parent: this });
        new aws.iam.RolePolicyAttachment(`${name}-cloudwatch-logs`, {
            role: logRole.name,
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
        }, { parent: this });

        // The item /health reads in every replica: written once in the home region, replicated everywhere.
        new aws.dynamodb.TableItem(`${name}-health-sentinel`, {
            region: args.regions[0],
            tableName: args.tableName,
            hashKey: TABLE_KEYS.partition,
            rangeKey: TABLE_KEYS.sort,
            item: JSON.stringify({ [TABLE_KEYS.partition]: { S: CONTROL_PK }, [TABLE_KEYS.sort]: { S: SENTINEL_SK }, purpose: { S: "Read by GET /health in every region" } }),
        }, { parent: this });

        for (const region of args.regions) {
            const { regions: _r, tableArns, dns: _d, ...shared } = args;
            this.regional[region] = new RegionalApi(`${name}-${region}`, {
                ...shared, region, tableArn: tableArns[region], cloudWatchRoleArn: logRole.arn,
            }, { parent: this });
            this.urls[region] = this.regional[region].url;
        }
        if (args.dns) this.route(name, args, args.dns);
        this.registerOutputs({ regional: this.regional, urls: this.urls });
    }

    private route(name: string, args: ApiArgs, dns: { zoneName: string; apiDomain: string }): void {
        const zone = aws.route53.getZoneOutput({ name: dns.zoneName, privateZone: false }, { parent: this });
        const pinned = (region: string) => `${region}.${dns.apiDomain}`;
        const certs = Object.fromEntries(args.regions.map(region => [region, new aws.acm.Certificate(`${name}-${region}-cert`, {
            region,
            domainName: dns.apiDomain,
            subjectAlternativeNames: [pinned(region)],
            validationMethod: "DNS",
            tags: args.tags,
        }, { parent: this })]));

        // One validation record per name: ACM gives every region's certificate the same record for
        // `apiDomain`, so it comes from the home certificate; each pinned name from its own.
        const validationRecord = (id: string, cert: aws.acm.Certificate, domain: string) => {
            const option = cert.domainValidationOptions.apply(opts => {
                const found = opts.find(o => o.domainName === domain);
                if (!found) throw new Error(`certificate has no validation option for ${domain}`);
                return found;
            });
            return new aws.route53.Record(`${name}-${id}-validation`, {
                zoneId: zone.zoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
                ttl: 300,
                allowOverwrite: false,
            }, { parent: this });
        };
        const shared = validationRecord("api", certs[args.regions[0]], dns.apiDomain);

        for (const region of args.regions) {
            const api = this.regional[region];
            const own = validationRecord(region, certs[region], pinned(region));
            const validation = new aws.acm.CertificateValidation(`${name}-${region}-cert-validation`, {
                region,
                certificateArn: certs[region].arn,
                validationRecordFqdns: [shared.fqdn, own.fqdn],
            }, { parent: this });
            const domain = (id: string, domainName: string) => {
                const d = new aws.apigateway.DomainName(`${name}-${region}-${id}-domain`, {
                    region,
                    domainName,
                    regionalCertificateArn: validation.certificateArn,
                    endpointConfiguration: { types: "REGIONAL" },
                    securityPolicy: "TLS_1_2",
                    tags: args.tags,
                }, { parent: this });
                new aws.apigateway.BasePathMapping(`${name}-${region}-${id}-mapping`, {
                    region, restApi: api.restApiId, stageName: STAGE, domainName: d.domainName,
                }, { parent: this });
                return d;
            };
            const latencyDomain = domain("latency", dns.apiDomain);
            const pinnedDomain = domain("pinned", pinned(region));
            // A only: the custom domains are IPv4 (an AAAA alias would need dual-stack domains).
            new aws.route53.Record(`${name}-${region}-latency`, {
                zoneId: zone.zoneId,
                name: dns.apiDomain,
                type: "A",
                setIdentifier: region,
                latencyRoutingPolicies: [{ region }],
                healthCheckId: api.healthCheckId,
                aliases: [{ name: latencyDomain.regionalDomainName, zoneId: latencyDomain.regionalZoneId, evaluateTargetHealth: true }],
            }, { parent: this });
            new aws.route53.Record(`${name}-${region}-pinned`, {
                zoneId: zone.zoneId,
                name: pinned(region),
                type: "A",
                aliases: [{ name: pinnedDomain.regionalDomainName, zoneId: pinnedDomain.regionalZoneId, evaluateTargetHealth: true }],
            }, { parent: this });
        }
        this.urls["*"] = pulumi.output(`https://${dns.apiDomain}`);
    }
}
