/**
 * An offline stand-in for the Pulumi engine and AWS: records every resource the program registers
 * and answers with realistic ids and ARNs per resource type, so outputs that feed other resources
 * (key ARNs into tables, API ids into health checks) look like what AWS returns.
 *
 * Shared by `npm run plan` and the tests (tests/helpers/pulumiMocks.ts), so both see the same plan.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** The account id every mock ARN carries. */
export const MOCK_ACCOUNT_ID = "123456789012";

/** One registered resource as the engine saw it. */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent resource; undefined for the stack itself. */
    readonly parent?: string;
    /** Provider reference (`<urn>::<id>`), `""` for the default provider. */
    readonly provider: string;
    readonly custom: boolean;
    readonly inputs: Record<string, any>;
    /** What the mock answered: `id` and the output state. */
    readonly id?: string;
    readonly state: Record<string, any>;
    /** Input paths (`a.b[0].c`) that were secrets when registered. */
    readonly secretPaths: readonly string[];
    /** The `protect` and `retainOnDelete` resource options. */
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** Input name -> URNs of the resources whose outputs flowed into it, as the engine records them. */
    readonly propertyDependencies: Record<string, string[]>;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Stable pseudo-random hex derived from `seed`, so a plan is the same on every run. */
export function stableHex(seed: string, length: number): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
    return out.slice(0, length);
}

function uuid(seed: string): string {
    const h = stableHex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function lowerAlnum(seed: string, length: number): string {
    return BigInt(`0x${stableHex(seed, 24)}`).toString(36).padStart(length, "0").slice(0, length);
}

function upperAlnum(seed: string, length: number): string {
    return lowerAlnum(seed, length).toUpperCase();
}

/** The AWS service of a type token (`aws:dynamodb/table:Table` -> `dynamodb`). */
function serviceOf(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

type StateBuilder = (a: { name: string; physical: string; region: string; inputs: Record<string, any>; seed: string }) =>
    { id: string; state: Record<string, any> };

const acct = MOCK_ACCOUNT_ID;

/** Realistic ids/ARNs for the types the platform creates; others get a generic ARN. */
const BUILDERS: Record<string, StateBuilder> = {
    "aws:kms/key:Key": ({ region, inputs, seed }) => {
        // Multi-Region keys have ids `mrk-<32 hex>`, shared by the primary and its replicas.
        const id = inputs.multiRegion ? `mrk-${stableHex(seed, 32)}` : uuid(seed);
        return { id, state: { keyId: id, arn: `arn:aws:kms:${region}:${acct}:key/${id}`, multiRegion: inputs.multiRegion === true } };
    },
    "aws:kms/replicaKey:ReplicaKey": ({ region, inputs }) => {
        const id = String(inputs.primaryKeyArn ?? "").split("/").pop() || "mrk-unknown";
        return { id, state: { keyId: id, arn: `arn:aws:kms:${region}:${acct}:key/${id}` } };
    },
    "aws:kms/alias:Alias": ({ region, inputs }) =>
        ({ id: inputs.name, state: { arn: `arn:aws:kms:${region}:${acct}:${inputs.name}` } }),
    "aws:dynamodb/table:Table": ({ region, physical, inputs }) => {
        const stamp = "2026-01-01T00:00:00.000";
        return {
            id: physical,
            state: {
                name: physical,
                arn: `arn:aws:dynamodb:${region}:${acct}:table/${physical}`,
                streamArn: inputs.streamEnabled ? `arn:aws:dynamodb:${region}:${acct}:table/${physical}/stream/${stamp}` : undefined,
                streamLabel: inputs.streamEnabled ? stamp : undefined,
                replicas: (inputs.replicas ?? []).map((r: any) => ({
                    ...r,
                    arn: `arn:aws:dynamodb:${r.regionName}:${acct}:table/${physical}`,
                    streamArn: `arn:aws:dynamodb:${r.regionName}:${acct}:table/${physical}/stream/${stamp}`,
                })),
            },
        };
    },
    "aws:iam/role:Role": ({ physical }) =>
        ({ id: physical, state: { name: physical, arn: `arn:aws:iam::${acct}:role/${physical}`, uniqueId: `AROA${upperAlnum(physical, 17)}` } }),
    "aws:iam/policy:Policy": ({ physical }) =>
        ({ id: `arn:aws:iam::${acct}:policy/${physical}`, state: { name: physical, arn: `arn:aws:iam::${acct}:policy/${physical}` } }),
    "aws:lambda/function:Function": ({ region, physical }) => {
        const arn = `arn:aws:lambda:${region}:${acct}:function:${physical}`;
        return {
            id: physical,
            state: {
                name: physical, arn, qualifiedArn: `${arn}:$LATEST`,
                invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
            },
        };
    },
    "aws:cloudwatch/logGroup:LogGroup": ({ region, physical }) =>
        ({ id: physical, state: { name: physical, arn: `arn:aws:logs:${region}:${acct}:log-group:${physical}` } }),
    "aws:sns/topic:Topic": ({ region, physical }) => {
        const arn = `arn:aws:sns:${region}:${acct}:${physical}`;
        return { id: arn, state: { name: physical, arn } };
    },
    "aws:sqs/queue:Queue": ({ region, physical }) =>
        ({ id: `https://sqs.${region}.amazonaws.com/${acct}/${physical}`, state: { name: physical, arn: `arn:aws:sqs:${region}:${acct}:${physical}` } }),
    "aws:sfn/stateMachine:StateMachine": ({ region, physical }) => {
        const arn = `arn:aws:states:${region}:${acct}:stateMachine:${physical}`;
        return { id: arn, state: { name: physical, arn } };
    },
    "aws:apigateway/restApi:RestApi": ({ region, seed }) => {
        const id = lowerAlnum(seed, 10);
        return {
            id,
            state: {
                rootResourceId: lowerAlnum(`${seed}/root`, 10),
                executionArn: `arn:aws:execute-api:${region}:${acct}:${id}`,
                arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
            },
        };
    },
    "aws:apigateway/resource:Resource": ({ seed }) => ({ id: lowerAlnum(seed, 6), state: {} }),
    "aws:apigateway/authorizer:Authorizer": ({ seed }) => ({ id: lowerAlnum(seed, 6), state: {} }),
    "aws:apigateway/deployment:Deployment": ({ seed }) => ({ id: lowerAlnum(seed, 6), state: {} }),
    "aws:apigateway/stage:Stage": ({ region, inputs, seed }) => {
        const api = String(inputs.restApi ?? "api");
        return {
            id: `ags-${api}-${inputs.stageName}`,
            state: {
                arn: `arn:aws:apigateway:${region}::/restapis/${api}/stages/${inputs.stageName}`,
                invokeUrl: `https://${api}.execute-api.${region}.amazonaws.com/${inputs.stageName}`,
                executionArn: `arn:aws:execute-api:${region}:${acct}:${api}/${inputs.stageName}`,
                webAclArn: undefined,
                deploymentId: inputs.deployment ?? lowerAlnum(seed, 6),
            },
        };
    },
    "aws:apigateway/domainName:DomainName": ({ region, inputs, seed }) => ({
        id: inputs.domainName,
        state: {
            regionalDomainName: `d-${lowerAlnum(seed, 10)}.execute-api.${region}.amazonaws.com`,
            regionalZoneId: `Z${upperAlnum(`${region}/apigw`, 13)}`,
            arn: `arn:aws:apigateway:${region}::/domainnames/${inputs.domainName}`,
        },
    }),
    "aws:acm/certificate:Certificate": ({ region, inputs, seed }) => {
        const names: string[] = [inputs.domainName, ...(inputs.subjectAlternativeNames ?? [])].filter(Boolean);
        const id = `arn:aws:acm:${region}:${acct}:certificate/${uuid(seed)}`;
        return {
            id,
            state: {
                arn: id,
                status: "PENDING_VALIDATION",
                // ACM derives the validation record from the name alone, so it is the same in every region.
                domainValidationOptions: names.map(n => ({
                    domainName: n,
                    resourceRecordName: `_${stableHex(n, 32)}.${n}.`,
                    resourceRecordType: "CNAME",
                    resourceRecordValue: `_${stableHex(`${n}/v`, 32)}.acm-validations.aws.`,
                })),
            },
        };
    },
    "aws:route53/healthCheck:HealthCheck": ({ seed }) => {
        const id = uuid(seed);
        return { id, state: { arn: `arn:aws:route53:::healthcheck/${id}` } };
    },
    "aws:route53/record:Record": ({ inputs }) =>
        ({ id: `${inputs.zoneId}_${inputs.name}_${inputs.type}${inputs.setIdentifier ? `_${inputs.setIdentifier}` : ""}`, state: { fqdn: inputs.name } }),
    "aws:cognito/userPool:UserPool": ({ region, seed }) => {
        const id = `${region}_${lowerAlnum(seed, 9).replace(/^./, c => c.toUpperCase())}`;
        return {
            id,
            state: {
                arn: `arn:aws:cognito-idp:${region}:${acct}:userpool/${id}`,
                endpoint: `cognito-idp.${region}.amazonaws.com/${id}`,
                name: id,
            },
        };
    },
    "aws-native:cognito:UserPool": ({ region, seed }) => {
        const id = `${region}_${lowerAlnum(seed, 9).replace(/^./, c => c.toUpperCase())}`;
        return {
            id,
            state: {
                userPoolId: id,
                arn: `arn:aws:cognito-idp:${region}:${acct}:userpool/${id}`,
                providerName: `cognito-idp.${region}.amazonaws.com/${id}`,
                providerUrl: `https://cognito-idp.${region}.amazonaws.com/${id}`,
            },
        };
    },
    // Cloud Control identifiers: `<pool id>|<region>` for a replica, the pool id for its regional settings.
    "aws-native:cognito:UserPoolReplica": ({ inputs }) => ({ id: `${inputs.userPoolId}|${inputs.regionName}`, state: {} }),
    "aws-native:cognito:UserPoolRegionalConfigurationAttachment": ({ inputs }) => ({ id: String(inputs.userPoolId), state: {} }),
    "aws-native:cognito:UserPoolDomain": ({ inputs, seed }) =>
        ({ id: `${inputs.userPoolId}|${inputs.domain}`, state: { cloudFrontDistribution: `d${lowerAlnum(seed, 13)}.cloudfront.net` } }),
    "aws:cognito/userPoolClient:UserPoolClient": ({ seed }) => ({ id: lowerAlnum(seed, 26), state: {} }),
    "aws:cognito/identityPool:IdentityPool": ({ region, seed }) => {
        const id = `${region}:${uuid(seed)}`;
        return { id, state: { arn: `arn:aws:cognito-identity:${region}:${acct}:identitypool/${id}` } };
    },
    "aws:backup/vault:Vault": ({ region, physical }) =>
        ({ id: physical, state: { name: physical, arn: `arn:aws:backup:${region}:${acct}:backup-vault:${physical}` } }),
    "aws:backup/plan:Plan": ({ region, seed }) => {
        const id = uuid(seed);
        return { id, state: { arn: `arn:aws:backup:${region}:${acct}:backup-plan:${id}`, version: stableHex(`${seed}/v`, 32) } };
    },
    "aws:wafv2/webAcl:WebAcl": ({ region, physical, seed, inputs }) => {
        const id = uuid(seed);
        // CLOUDFRONT-scope web ACLs (us-east-1) have "global" where regional ones have "regional".
        return { id, state: { name: physical, arn: `arn:aws:wafv2:${region}:${acct}:${inputs.scope === "CLOUDFRONT" ? "global" : "regional"}/webacl/${physical}/${id}` } };
    },
    "aws:s3/bucket:Bucket": ({ region, physical, inputs }) => {
        // S3 auto-names are lower case; the mock's physical name follows the same rule.
        const name = String(inputs.bucket ?? physical).toLowerCase();
        return {
            id: name,
            state: {
                bucket: name, arn: `arn:aws:s3:::${name}`, region,
                bucketDomainName: `${name}.s3.amazonaws.com`, bucketRegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
            },
        };
    },
    "aws:cloudfront/distribution:Distribution": ({ seed }) => {
        const id = `E${upperAlnum(seed, 13)}`;
        return {
            id,
            state: { arn: `arn:aws:cloudfront::${acct}:distribution/${id}`, domainName: `d${lowerAlnum(seed, 13)}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2", status: "Deployed" },
        };
    },
    "aws:cloudfront/originAccessControl:OriginAccessControl": ({ seed }) => ({ id: `E${upperAlnum(seed, 13)}`, state: {} }),
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": ({ seed }) => ({ id: uuid(seed), state: {} }),
    "aws:cloudfront/function:Function": ({ physical }) =>
        ({ id: physical, state: { arn: `arn:aws:cloudfront::${acct}:function/${physical}`, status: "UNASSOCIATED" } }),
    "aws:cognito/userPoolDomain:UserPoolDomain": ({ inputs }) =>
        ({ id: String(inputs.domain), state: { cloudfrontDistribution: `d${lowerAlnum(String(inputs.domain), 13)}.cloudfront.net`, cloudfrontDistributionZoneId: "Z2FDTNDATAQYW2" } }),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ({ region, physical }) =>
        ({ id: physical, state: { name: physical, arn: `arn:aws:cloudwatch:${region}:${acct}:alarm:${physical}` } }),
    "aws:cloudwatch/dashboard:Dashboard": ({ physical }) =>
        ({ id: physical, state: { dashboardName: physical, dashboardArn: `arn:aws:cloudwatch::${acct}:dashboard/${physical}` } }),
};

/** Types whose ARN has no region (global services). */
const GLOBAL_SERVICES = new Set(["iam", "route53", "cloudfront", "organizations"]);

function genericState(type: string, region: string, physical: string): { id: string; state: Record<string, any> } {
    const service = serviceOf(type);
    const kind = (type.split(":")[2] ?? "resource").replace(/^./, c => c.toLowerCase());
    const arn = GLOBAL_SERVICES.has(service)
        ? `arn:aws:${service}::${acct}:${kind}/${physical}`
        : `arn:aws:${service}:${region}:${acct}:${kind}/${physical}`;
    return { id: physical, state: { arn } };
}

function secretPathsOf(value: unknown, path = ""): string[] {
    if (value === null || typeof value !== "object") return [];
    const obj = value as Record<string, unknown>;
    if (obj[SECRET_SIG] === SECRET_VALUE) return [path];
    return Object.entries(obj).flatMap(([k, v]) =>
        secretPathsOf(v, Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k));
}

interface Noted {
    readonly parent?: string;
    readonly secretPaths: string[];
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly propertyDependencies: Record<string, string[]>;
}

/** Invokes the program may make, answered offline. Anything else throws: a new invoke must be handled on purpose. */
export type InvokeHandler = (inputs: Record<string, any>) => Record<string, any>;

const DEFAULT_INVOKES: Record<string, InvokeHandler> = {
    "aws:index/getCallerIdentity:getCallerIdentity": () =>
        ({ accountId: acct, arn: `arn:aws:iam::${acct}:user/plan`, userId: "AIDAMOCKPLANUSER0001", id: acct }),
    "aws:index/getPartition:getPartition": () =>
        ({ partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" }),
    "aws:route53/getZone:getZone": inputs => ({
        zoneId: `Z${upperAlnum(String(inputs.name), 13)}`,
        id: `Z${upperAlnum(String(inputs.name), 13)}`,
        name: inputs.name,
        arn: `arn:aws:route53:::hostedzone/Z${upperAlnum(String(inputs.name), 13)}`,
        privateZone: false,
    }),
};

/** The mocks object given to `pulumi.runtime.setMocks`, recording every resource. */
export class MockCloud implements pulumi.runtime.Mocks {
    readonly resources: RecordedResource[] = [];
    readonly invokes: { token: string; inputs: Record<string, any> }[] = [];
    private readonly pending = new Map<string, Noted>();
    private readonly invokeHandlers: Record<string, InvokeHandler>;

    constructor(extraInvokes: Record<string, InvokeHandler> = {}) {
        this.invokeHandlers = { ...DEFAULT_INVOKES, ...extraInvokes };
    }

    /**
     * Wraps the mock monitor so each registration's parent URN and secret inputs are known:
     * the SDK's `MockResourceArgs` carries neither.
     */
    attach(monitor: any): void {
        const original = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req: any, callback: any) => {
            this.pending.set(`${req.getType()}::${req.getName()}`, {
                parent: req.getParent() || undefined,
                secretPaths: secretPathsOf(req.getObject()?.toJavaScript() ?? {}),
                protect: req.getProtect() === true,
                retainOnDelete: req.getRetainondelete() === true,
                propertyDependencies: propertyDependenciesOf(req),
            });
            return original(req, callback);
        };
    }

    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const key = `${args.type}::${args.name}`;
        const noted: Noted = this.pending.get(key) ?? { secretPaths: [], protect: false, retainOnDelete: false, propertyDependencies: {} };
        this.pending.delete(key);
        const urn = urnOf(noted.parent, args.type, args.name);
        const inputs = args.inputs ?? {};
        if (!args.custom) {
            this.resources.push({ urn, type: args.type, name: args.name, parent: noted.parent, provider: args.provider ?? "", custom: false, inputs, state: {}, ...flags(noted) });
            return { id: undefined, state: {} };
        }
        const region = this.regionOf(inputs, args.provider ?? "") ?? "us-east-1";
        // Pulumi auto-names resources as `<name>-<7 hex>` when no physical name is given.
        const physical = String(inputs.name ?? `${args.name}-${stableHex(urn, 7)}`);
        const seed = urn;
        const built = (BUILDERS[args.type] ?? ((a) => genericState(args.type, a.region, a.physical)))({ name: args.name, physical, region, inputs, seed });
        const state = { ...inputs, ...built.state };
        if (!args.type.startsWith("pulumi:providers:") && state.arn === undefined) delete state.arn;
        this.resources.push({ urn, type: args.type, name: args.name, parent: noted.parent, provider: args.provider ?? "", custom: true, inputs, id: built.id, state, ...flags(noted) });
        return { id: built.id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const handler = this.invokeHandlers[args.token];
        if (!handler) throw new Error(`The offline mocks do not handle the invoke ${args.token}; add it to scripts/lib/mockCloud.ts on purpose`);
        this.invokes.push({ token: args.token, inputs: args.inputs });
        return handler(args.inputs ?? {});
    }

    /** The resource's own `region` input, else its explicit provider's region, else undefined. */
    regionOf(inputs: Record<string, any>, provider: string): string | undefined {
        if (typeof inputs.region === "string") return inputs.region;
        if (!provider) return undefined;
        const providerUrn = provider.split("::").slice(0, -1).join("::");
        const p = this.resources.find(r => r.urn === providerUrn);
        return typeof p?.inputs.region === "string" ? p.inputs.region : undefined;
    }
}

function flags(n: Noted) {
    return { secretPaths: n.secretPaths, protect: n.protect, retainOnDelete: n.retainOnDelete, propertyDependencies: n.propertyDependencies };
}

/** Input name -> dependency URNs of a RegisterResourceRequest (what policies see as `propertyDependencies`). */
function propertyDependenciesOf(req: any): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    const map = req.getPropertydependenciesMap?.();
    map?.forEach((deps: any, key: string) => {
        const urns: string[] = deps.getUrnsList();
        if (urns.length) out[key] = urns;
    });
    return out;
}

/** URN the engine gives a resource, as the SDK's mock monitor computes it. */
function urnOf(parent: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentType = parent.split("::")[2].split("$").pop();
        qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
}
