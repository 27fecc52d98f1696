/**
 * The cost model: resources of a plan (type, region, inputs) + usage assumptions + the dated price
 * table + the measured request profile -> priced lines and totals. Pure: no Pulumi, no AWS SDK, no
 * I/O, so the policy pack prices the stack it sees and `npm run cost` prices the offline plan
 * with the same code.
 *
 * Every line has a kind:
 * - `fixed`: USD a month with no users at all: resources billed by existing (keys, health checks,
 *   web ACLs, alarms, dashboards) and the traffic Route 53 health checks themselves send;
 * - `requests`: USD per million API requests for the usage's request mix;
 * - `storage`: USD a month for the usage's stored GB (table, PITR, backups, copies, restore tests);
 * - `users`: USD a month for the usage's monthly active users;
 * - `active`: USD a month that appears once the API takes traffic, whatever its volume (custom
 *   metrics the handlers publish).
 */
import { priceOf, PriceTable, PRICES } from "./prices";
import type { InvocationProfile, RequestProfile, RouteProfile } from "./profile";
import { approvalRequestsPerApproval, Usage } from "./usage";

/** A resource as the model reads it (the plan's, or the policy pack's with props as inputs). */
export interface CostResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** Its own region, or null for global resources (IAM, Route 53). */
    readonly region: string | null;
    readonly inputs: Record<string, any>;
}

/** What a line's amount is per. */
export type LineKind = "fixed" | "requests" | "storage" | "users" | "active";

/** One priced line. */
export interface CostLine {
    readonly kind: LineKind;
    /** The region billed, or `global`. */
    readonly region: string;
    /** The resource (its name) or the traffic (a route, a workflow step) the line is for. */
    readonly resource: string;
    /** The resource's type, or `traffic`. */
    readonly type: string;
    /** What is billed. */
    readonly item: string;
    /** Units billed: per month (fixed, storage, users, active) or per million API requests (requests). */
    readonly quantity: number;
    readonly unit: string;
    /** USD for `per` units. */
    readonly unitPriceUsd: number;
    readonly per: number;
    /** quantity / per x unitPriceUsd. */
    readonly usd: number;
    readonly priceId: string;
    /** Region of the price line used (see the table's regionRule). */
    readonly pricedAt: string;
    readonly source: string;
    readonly fixture: string | null;
    readonly sourceDate: string | null;
}

/** Totals of one region. */
export interface RegionTotals {
    readonly fixedMonthlyUsd: number;
    readonly perMillionRequestsUsd: number;
    readonly storageMonthlyUsd: number;
    readonly activeMonthlyUsd: number;
    readonly usersMonthlyUsd: number;
}

/** The model's answer. */
export interface CostReport {
    readonly priceTableDate: string;
    /** Oldest and newest dated source of the prices used. */
    readonly priceSourceDates: { readonly oldest: string | null; readonly newest: string | null };
    /** The stack's regions (the global table's), home first. */
    readonly stackRegions: readonly string[];
    readonly fixedMonthlyUsd: number;
    readonly perMillionRequestsUsd: number;
    readonly storageMonthlyUsd: number;
    readonly usersMonthlyUsd: number;
    readonly activeMonthlyUsd: number;
    /** fixed + active + requests at the usage's monthly volume + storage + users. */
    readonly monthlyAtUsageUsd: number;
    readonly regions: Record<string, RegionTotals>;
    readonly global: { readonly fixedMonthlyUsd: number };
    readonly lines: readonly CostLine[];
    /** What the model knowingly leaves out, one sentence each. */
    readonly notes: readonly string[];
}

/** A resource configuration the price table does not cover (the model refuses to guess). */
export class NotPricedError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "NotPricedError";
    }
}

/** AWS bills a month as 730 hours. */
export const HOURS_PER_MONTH = 730;
/** Seconds in a billing month. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const DAYS_PER_MONTH = 365 / 12;
/** Billing GB (2^30 bytes). */
const GB = 2 ** 30;
/**
 * Bytes CloudWatch Logs adds to every event when it sizes a batch ("the sum of all event
 * messages in UTF-8, plus 26 bytes for each log event"):
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

const free = (why: string) => ({ free: why });
const priced = (how: string) => ({ priced: how });

/**
 * Every resource type the model knows: how it is priced, or why it costs nothing by itself.
 * tests/cost/coverage.spec.ts fails when a plan holds a type missing here.
 */
export const TYPE_PRICING: Readonly<Record<string, { readonly priced: string } | { readonly free: string }>> = {
    "aws:kms/key:Key": priced("per key-month"),
    "aws:kms/replicaKey:ReplicaKey": priced("per key-month: each replica of a multi-Region key is billed as a key of its own"),
    "aws:kms/alias:Alias": free("aliases are free"),
    "aws:route53/healthCheck:HealthCheck": priced("per health check-month plus each optional feature (HTTPS, 10 s interval, latency measurement, string matching); the requests it sends are priced as traffic of the region it probes"),
    "aws:route53/record:Record": free("records are free; queries to alias records that point at API Gateway are free, and the ACM validation CNAMEs are queried only by ACM renewals"),
    "aws:route53/zone:Zone": priced("per hosted zone-month"),
    "aws:wafv2/webAcl:WebAcl": priced("per web ACL-month plus per rule-month, and per million requests of the stage it guards"),
    "aws:wafv2/webAclAssociation:WebAclAssociation": free("associations are free; requests are priced on the web ACL"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": priced("per alarm metric-month (standard or high resolution)"),
    "aws:cloudwatch/dashboard:Dashboard": priced("per dashboard-month"),
    "aws:cloudwatch/logGroup:LogGroup": priced("per GB ingested (the traffic's log events) and per GB-month kept for its retention"),
    "aws:lambda/function:Function": priced("per request and per GB-second of the traffic it serves (memory and architecture from the plan)"),
    "aws:lambda/permission:Permission": free("permissions are free"),
    "aws:lambda/eventSourceMapping:EventSourceMapping": free("stream reads by a Lambda event source mapping are free (DynamoDB pricing: GetRecords calls made by Lambda for DynamoDB triggers are not charged); the conflict detector's own invocations are not in the request mix: at most one per batch of up to 100 item changes, under 1% of the writes' Lambda requests"),
    "aws:cloudwatch/eventRule:EventRule": free("scheduled rules are not charged (EventBridge charges custom, partner and cross-account events); the approval reconcile schedule invokes each region's worker about 8,800 times a month, under $0.01 of Lambda requests"),
    "aws:cloudwatch/eventTarget:EventTarget": free("targets are part of their rule"),
    "aws:fis/experimentTemplate:ExperimentTemplate": free("templates are free; an experiment run is charged per action-minute while it runs (optional drills, platform:drills.fis)"),
    "aws:ssm/document:Document": free("SSM documents are free; the drills' automation steps run within the free tier of Automation"),
    "aws:sqs/queue:Queue": free("the conflict detector's on-failure queue: SQS charges per request, and only stream records the detector could not process are ever sent to it"),
    "aws:apigateway/restApi:RestApi": priced("per request, on the stage of its region"),
    "aws:apigateway/stage:Stage": priced("per request (REST API rate); its access log lines are priced as log ingestion"),
    "aws:apigateway/account:Account": free("an account setting"),
    "aws:apigateway/resource:Resource": free("API definitions are free; requests are priced on the stage"),
    "aws:apigateway/method:Method": free("API definitions are free; requests are priced on the stage"),
    "aws:apigateway/integration:Integration": free("API definitions are free; requests are priced on the stage"),
    "aws:apigateway/methodResponse:MethodResponse": free("API definitions are free; requests are priced on the stage"),
    "aws:apigateway/integrationResponse:IntegrationResponse": free("API definitions are free; requests are priced on the stage"),
    "aws:apigateway/response:Response": free("gateway responses are API settings; the requests they answer are priced on the stage"),
    "aws:apigateway/authorizer:Authorizer": free("Cognito user pool authorizers add no charge"),
    "aws:apigateway/deployment:Deployment": free("deployments are free"),
    "aws:apigateway/methodSettings:MethodSettings": free("settings; execution logging at ERROR writes nothing for successful requests"),
    "aws:apigateway/domainName:DomainName": free("custom domain names are free"),
    "aws:apigateway/basePathMapping:BasePathMapping": free("mappings are free"),
    "aws:acm/certificate:Certificate": free("public ACM certificates are free (private and exportable ones are refused by the model)"),
    "aws:acm/certificateValidation:CertificateValidation": free("a wait for validation, no resource"),
    "aws:dynamodb/table:Table": priced("on-demand read and write request units, replicated writes in every other replica region, storage and PITR per replica"),
    "aws:dynamodb/tableItem:TableItem": free("its bytes are part of the table's storage"),
    "aws:cognito/userPool:UserPool": priced("per monthly active user of its feature plan"),
    "aws-native:cognito:UserPool": priced("per monthly active user of its feature plan"),
    "aws-native:cognito:UserPoolReplica": priced("multi-Region replication: per monthly active user of the pool, per replica, at its feature plan's replication rate"),
    "aws-native:cognito:UserPoolRegionalConfigurationAttachment": free("a replica's regional settings (status, email, SMS, triggers) are free"),
    "aws-native:cognito:UserPoolDomain": free("user pool domains add no charge: Cognito serves the managed login pages from a CloudFront distribution of its own"),
    "aws:cognito/userPoolClient:UserPoolClient": free("app clients are free"),
    "aws:cognito/userGroup:UserGroup": free("groups are free"),
    "aws:cognito/identityPool:IdentityPool": free("identity pools (federated identities) are free"),
    "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag": free("identity pool settings are free"),
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": free("identity pool settings are free"),
    "aws:iam/role:Role": free("IAM is free"),
    "aws:iam/rolePolicy:RolePolicy": free("IAM is free"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": free("IAM is free"),
    "aws:iam/policy:Policy": free("IAM is free"),
    "aws:sns/topic:Topic": priced("per publish and per email delivery (approval notifications; alarm notifications are rare and left out)"),
    "aws:sns/topicPolicy:TopicPolicy": free("policies are free"),
    "aws:sns/topicSubscription:TopicSubscription": free("subscriptions are free; deliveries are priced on the topic"),
    "aws:sfn/stateMachine:StateMachine": priced("per state transition of a Standard workflow (transitions per approval read from its definition)"),
    "aws:backup/vault:Vault": free("vaults are free; their recovery points are priced under the plan rules that fill them"),
    "aws:backup/vaultNotifications:VaultNotifications": free("a vault setting"),
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": free("a vault setting"),
    "aws:backup/plan:Plan": priced("warm and cold GB-months of the recovery points its rules keep (DynamoDB backups are full copies), in the vault's and the copy vault's regions, plus the copies' inter-region transfer"),
    "aws:backup/selection:Selection": free("selections are free; what they back up is priced under the plan"),
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": priced("per GB restored by each scheduled restore test"),
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": free("priced with its restore testing plan"),
    "aws:backup/regionSettings:RegionSettings": free("an account setting"),
    "aws:cloudfront/distribution:Distribution": priced("per HTTPS request and per GB sent, for the usage's page loads per monthly active user (usage console.*); its origin buckets' files and its access logs as storage"),
    "aws:cloudfront/function:Function": priced("per invocation, on the distribution that runs it on every viewer request"),
    "aws:cloudfront/originAccessControl:OriginAccessControl": free("origin access control is free"),
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": free("response headers policies are free"),
    "aws:s3/bucket:Bucket": priced("per GB-month stored: the console's files in each origin bucket and the access logs, priced on the distribution that uses them; requests from CloudFront on cache misses are a few per deployment and not priced"),
    "aws:s3/bucketObjectv2:BucketObjectv2": free("its bytes are the bucket's storage (usage console.site_mb)"),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": free("a bucket setting"),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": free("a bucket setting"),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": free("SSE-S3 is free"),
    "aws:s3/bucketVersioning:BucketVersioning": free("a bucket setting; old versions are storage, expired after 30 days"),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": free("lifecycle rules are free (expirations are not billed as requests)"),
    "aws:s3/bucketPolicy:BucketPolicy": free("policies are free"),
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": free("replication of the site's few hundred KB per deployment (inter-region transfer and PUTs) is under a cent and not priced"),
    "aws:cognito/userPoolDomain:UserPoolDomain": free("a prefix domain for the managed login adds no charge (sign-ins are priced per monthly active user on the pool)"),
};

/** Days the console's access logs are kept: the expiration of the lifecycle rule on the log bucket (the one with an `expiration`), else undefined. */
function logRetentionOf(resources: readonly CostResource[]): number | undefined {
    for (const r of resources.filter(x => x.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")) {
        for (const rule of list(r.inputs.rules)) {
            const days = Number(block(rule?.expiration)?.days);
            if (days > 0) return days;
        }
    }
    return undefined;
}

/** Types that are not cloud resources (the stack, components, providers). */
export function isCloudResource(type: string): boolean {
    return !(type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:") || type.startsWith("platform:"));
}

/** Cloud resource types in `types` the model neither prices nor lists as free, sorted. */
export function unpricedTypes(types: Iterable<string>): string[] {
    return [...new Set([...types].filter(t => isCloudResource(t) && !(t in TYPE_PRICING)))].sort();
}

/** Everything the model needs. */
export interface CostInput {
    readonly resources: readonly CostResource[];
    readonly usage: Usage;
    readonly profile: RequestProfile;
    readonly prices?: PriceTable;
    /** Price only the fixed lines (what the budget policy needs): no request mix, storage or users. */
    readonly fixedOnly?: boolean;
}

const round = (n: number, digits = 6) => Math.round(n * 10 ** digits) / 10 ** digits;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The region an execute-api hostname belongs to, else undefined. */
export function executeApiRegion(host: unknown): string | undefined {
    return typeof host === "string" ? /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host)?.[1] : undefined;
}

/** The region in an ARN, else undefined. */
export function arnRegion(arn: unknown): string | undefined {
    return typeof arn === "string" ? arn.split(":")[3] || undefined : undefined;
}

/** A nested block the provider may give as an object or a one-element list. */
function block(v: unknown): Record<string, any> | undefined {
    if (Array.isArray(v)) return v[0] && typeof v[0] === "object" ? v[0] : undefined;
    return v && typeof v === "object" ? (v as Record<string, any>) : undefined;
}

function list<T = any>(v: unknown): T[] {
    return Array.isArray(v) ? v : [];
}

/** Optional features Route 53 bills on an endpoint health check. */
export function healthCheckOptions(inputs: Record<string, any>): string[] {
    const type = String(inputs.type ?? "");
    const options: string[] = [];
    if (type.startsWith("HTTPS")) options.push("HTTPS");
    if (Number(inputs.requestInterval ?? 30) === 10) options.push("10 s interval");
    if (inputs.measureLatency === true) options.push("latency measurement");
    if (type.endsWith("STR_MATCH")) options.push("string matching");
    return options;
}

/** AWS managed rule groups with a subscription or per-request fee on top of the rule price. */
export const PAID_MANAGED_RULE_GROUPS = ["AWSManagedRulesBotControlRuleSet", "AWSManagedRulesATPRuleSet", "AWSManagedRulesACFPRuleSet", "AWSManagedRulesAntiDDoSRuleSet"];

/**
 * How many times a month an EventBridge-style schedule (`cron(m h dom mon dow year)`,
 * `rate(n unit)`) fires. Throws NotPricedError for a form it does not read.
 */
export function runsPerMonth(schedule: string): number {
    const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(schedule.trim());
    if (rate) {
        const n = Number(rate[1]);
        const perDay = rate[2].startsWith("minute") ? 1440 / n : rate[2].startsWith("hour") ? 24 / n : 1 / n;
        return perDay * DAYS_PER_MONTH;
    }
    const cron = /^cron\(([^)]+)\)$/.exec(schedule.trim());
    const fields = cron?.[1].trim().split(/\s+/);
    if (!fields || fields.length !== 6) throw new NotPricedError(`schedule "${schedule}" is not a cron() or rate() expression the model reads`);
    const [minute, hour, dom, month, dow] = fields;
    if (/[/\-#]/.test(`${minute} ${hour} ${dom} ${month} ${dow}`) || /[LW]/.test(dom) || /\dL/.test(dow)) throw new NotPricedError(`schedule "${schedule}": ranges, steps and L/W/# are not read`);
    const count = (f: string) => (f === "*" || f === "?" ? undefined : f.split(",").length);
    const perDay = (count(minute) ?? 60) * (count(hour) ?? 24);
    const monthShare = (count(month) ?? 12) / 12;
    if (count(dow) !== undefined) return perDay * count(dow)! * (52 / 12) * monthShare;
    if (count(dom) !== undefined) return perDay * count(dom)! * monthShare;
    return perDay * DAYS_PER_MONTH * monthShare;
}

/**
 * Bytes of one API Gateway access log line: the stage's format with `$context` variables
 * replaced by values of typical length (a missing value prints as `-`).
 */
export function accessLogLineBytes(format: string): number {
    const sample: Record<string, string> = {
        "context.requestId": "c5b3a1f2-4d6e-4f80-9a1b-2c3d4e5f6a7b", "context.extendedRequestId": "Ab1CdEfGhIjKlMn=",
        "context.identity.sourceIp": "203.0.113.45", "context.httpMethod": "GET", "context.resourcePath": "/items/{id}",
        "context.path": "/v1/items/0f8fad5b-d9cb-469f-a165-70867728950e", "context.status": "200", "context.responseLatency": "42",
        "context.integrationLatency": "35", "context.integration.error": "-", "context.integration.status": "200",
        "context.waf.status": "200", "context.requestTime": "25/Nov/2026:06:40:11 +0000", "context.protocol": "HTTP/1.1",
        "context.responseLength": "804", "context.error.message": "-", "context.identity.userAgent": "Mozilla/5.0 (platform client)",
        "context.authorizer.claims.sub": "3f1c2a9e-7b4d-4e21-9c55-0a8d6f1b2c3d",
    };
    const line = format.replace(/\$context\.[A-Za-z0-9_.]+/g, m => sample[m.slice(1)] ?? "-");
    return Buffer.byteLength(line, "utf8");
}

/** States a Standard workflow enters along one outcome's path, from StartAt to a terminal state. */
export function workflowPath(definition: unknown, outcome: "approve" | "reject"): { name: string; state: Record<string, any> }[] {
    const def = typeof definition === "string" ? JSON.parse(definition) : definition;
    const states: Record<string, any> = def?.States ?? {};
    const path: { name: string; state: Record<string, any> }[] = [];
    let name: string | undefined = def?.StartAt;
    while (name !== undefined) {
        const state = states[name];
        if (!state) throw new NotPricedError(`state machine definition has no state ${name}`);
        if (path.length > 100) throw new NotPricedError("state machine path does not end within 100 states");
        path.push({ name, state });
        if (state.Type === "Choice") {
            const choice = list(state.Choices).find((c: any) => c.StringEquals === outcome) ?? undefined;
            name = choice?.Next ?? state.Default;
        } else {
            name = state.End === true || state.Type === "Succeed" || state.Type === "Fail" ? undefined : state.Next;
        }
    }
    return path;
}

/** The model. Throws NotPricedError for a configuration it cannot price. */
export function costReport(input: CostInput): CostReport {
    const prices = input.prices ?? PRICES;
    const { usage, profile } = input;
    const resources = input.resources.filter(r => isCloudResource(r.type));
    const unknown = unpricedTypes(resources.map(r => r.type));
    if (unknown.length > 0) throw new NotPricedError(`the cost model does not know these resource types: ${unknown.join(", ")} (add them to TYPE_PRICING in policies/cost/model.ts)`);
    const lines: CostLine[] = [];
    const notes: string[] = [];
    const of = (type: string) => resources.filter(r => r.type === type);
    const regionOf = (r: CostResource) => r.region ?? "global";

    const add = (kind: LineKind, region: string, resource: string, type: string, item: string, quantity: number, priceId: string) => {
        if (quantity === 0) return;
        const p = priceOf(priceId, region === "global" ? "global" : region, prices);
        lines.push({
            kind, region, resource, type, item, quantity: round(quantity), unit: p.unit, unitPriceUsd: p.usd, per: p.per,
            usd: round(quantity / p.per * p.usd), priceId, pricedAt: p.pricedAt, source: p.source, fixture: p.fixture, sourceDate: p.sourceDate,
        });
    };

    // --- Stack shape: regions, and per region the API's parts --------------------------------------
    const table = of("aws:dynamodb/table:Table")[0];
    const stackRegions = table
        ? [...new Set([table.region, ...list(table.inputs.replicas).map((x: any) => x?.regionName)].filter((x): x is string => typeof x === "string"))]
        : [...new Set(of("aws:apigateway/restApi:RestApi").map(r => r.region).filter((x): x is string => !!x))];
    const functionsIn = (region: string) => of("aws:lambda/function:Function").filter(f => f.region === region);
    const functionFor = (region: string, handler: string) => functionsIn(region).find(f =>
        f.inputs.environment?.variables?.POWERTOOLS_SERVICE_NAME === handler || String(f.inputs.name ?? f.name).endsWith(`-${handler}`));
    const logGroupNamed = (name: unknown) => of("aws:cloudwatch/logGroup:LogGroup").find(g => g.inputs.name === name);
    const retentionDays = (g: CostResource | undefined) => {
        const days = Number(g?.inputs.retentionInDays ?? 0);
        return days > 0 ? days : 3653; // never-expire: priced as ten years, the longest retention CloudWatch offers
    };
    const stageIn = (region: string) => of("aws:apigateway/stage:Stage").find(s => s.region === region);
    const wafIn = (region: string) => of("aws:wafv2/webAclAssociation:WebAclAssociation").some(a => a.region === region && String(a.inputs.resourceArn ?? "").includes("/restapis/"));
    const writeScale = Math.ceil(usage.requests.item_size_kb) / Math.max(1, Math.ceil(profile.itemBytes / 1024));
    const readScale = Math.ceil(usage.requests.item_size_kb / 4) / Math.max(1, Math.ceil(profile.itemBytes / 4096));

    for (const s of of("aws:apigateway/stage:Stage")) {
        if (s.inputs.cacheClusterEnabled === true) throw new NotPricedError(`${s.name}: the stage cache is billed per hour by size and is not in the price table`);
    }
    for (const f of of("aws:lambda/function:Function")) {
        if (Number(block(f.inputs.ephemeralStorage)?.size ?? 512) > 512) throw new NotPricedError(`${f.name}: ephemeral storage above 512 MB is not in the price table`);
        if (f.inputs.packageType === "Image") notes.push(`${f.name}: container image storage in ECR is not priced`);
    }
    if (table && table.inputs.billingMode !== "PAY_PER_REQUEST") throw new NotPricedError(`${table.name}: only on-demand (PAY_PER_REQUEST) tables are priced`);
    if (table && table.inputs.tableClass && table.inputs.tableClass !== "STANDARD") throw new NotPricedError(`${table.name}: table class ${table.inputs.tableClass} is not in the price table`);

    /**
     * Lines for `count` invocations of `fn` in `region` (a route or a workflow step): Lambda
     * requests and GB-seconds, DynamoDB units, replicated writes into every other region, log
     * ingestion and retention, and (for API routes) API Gateway, WAF, X-Ray and data out.
     */
    const traffic = (kind: LineKind, region: string, label: string, count: number, p: InvocationProfile, api: { route?: RouteProfile; traced?: number } = {}) => {
        if (count === 0) return;
        const fn = functionFor(region, p.function);
        if (!fn) throw new NotPricedError(`no ${p.function} function in ${region} to serve ${label}`);
        const arch = list<string>(fn.inputs.architectures)[0] ?? "x86_64";
        if (arch !== "arm64" && arch !== "x86_64") throw new NotPricedError(`${fn.name}: architecture ${arch} is not priced`);
        const duration = usage.functions[p.function]?.request_duration_ms;
        if (duration === undefined) throw new NotPricedError(`usage has no functions.${p.function}.request_duration_ms`);
        const memoryGb = Number(fn.inputs.memorySize ?? 128) / 1024;
        const billedMs = Math.ceil(duration) + usage.lambda.cold_start_fraction * usage.lambda.init_duration_ms;
        add(kind, region, label, "traffic", `Lambda requests (${p.function})`, count, "lambda.requests");
        add(kind, region, label, "traffic", `Lambda duration (${p.function}, ${Number(fn.inputs.memorySize ?? 128)} MB ${arch}, ${round(billedMs, 2)} ms billed)`, count * memoryGb * billedMs / 1000, `lambda.duration.${arch}`);
        add(kind, region, label, "traffic", "DynamoDB read request units", count * p.rru * readScale, "dynamodb.readRequestUnits");
        add(kind, region, label, "traffic", "DynamoDB write request units", count * p.wru * writeScale, "dynamodb.writeRequestUnits");
        if (p.wru > 0) {
            const others = stackRegions.filter(r => r !== region);
            for (const other of others) add(kind, other, label, "traffic", `DynamoDB replicated write request units (writes from ${region})`, count * p.wru * writeScale, "dynamodb.replicatedWriteRequestUnits");
            // About 1 KB per write unit (a write unit covers up to 1 KB): an upper bound of the bytes shipped.
            add(kind, region, label, "traffic", `Replication data transfer to ${others.length} other region${others.length === 1 ? "" : "s"}`, count * others.length * p.wru * writeScale * 1024 / GB, "dataTransfer.interRegion");
        }
        const fnLogGroup = logGroupNamed(block(fn.inputs.loggingConfig)?.logGroup);
        const fnEvents = p.logEvents + profile.platformLog.events;
        const fnBytes = count * (p.logBytes + profile.platformLog.bytes + fnEvents * LOG_EVENT_OVERHEAD_BYTES);
        const logs = [{ group: fnLogGroup, bytes: fnBytes, what: `function ${p.function}` }];
        if (api.route) {
            const stage = stageIn(region);
            if (!stage) throw new NotPricedError(`no API stage in ${region} to serve ${label}`);
            add(kind, region, label, "traffic", "API Gateway REST requests", count, "apigateway.rest.requests");
            if (wafIn(region)) add(kind, region, label, "traffic", "WAF requests", count, "wafv2.requests");
            const access = block(stage.inputs.accessLogSettings);
            if (access?.format) {
                const accessGroup = of("aws:cloudwatch/logGroup:LogGroup").find(g => g.region === region && String(access.destinationArn ?? "").endsWith(`:log-group:${g.inputs.name}`));
                logs.push({ group: accessGroup, bytes: count * (accessLogLineBytes(String(access.format)) + LOG_EVENT_OVERHEAD_BYTES), what: "API access log" });
            }
            add(kind, region, label, "traffic", "Data transfer out to the internet (responses)", count * (api.route.responseBytes + usage.requests.response_header_bytes) / GB, "dataTransfer.internet");
            const traced = api.traced ?? count * usage.xray.sampled_fraction;
            if (stage.inputs.xrayTracingEnabled === true || fn.inputs.tracingConfig?.mode === "Active") add(kind, region, label, "traffic", "X-Ray traces recorded", traced, "xray.tracesRecorded");
        }
        for (const l of logs) {
            add(kind, region, label, "traffic", `CloudWatch Logs ingestion (${l.what})`, l.bytes / GB, "cloudwatch.logs.ingestion");
            add(kind, region, label, "traffic", `CloudWatch Logs storage (${l.what}, ${retentionDays(l.group)} days kept, uncompressed)`, l.bytes / GB * retentionDays(l.group) / DAYS_PER_MONTH, "cloudwatch.logs.storage");
        }
    };
    const route = (key: string): RouteProfile => {
        const r = profile.routes[key];
        if (!r) throw new NotPricedError(`the request profile has no route ${key} (run npm run cost -- --measure)`);
        return r;
    };

    // --- Fixed: resources billed by existing ------------------------------------------------------
    for (const k of of("aws:kms/key:Key")) add("fixed", regionOf(k), k.name, k.type, "Customer managed key", 1, "kms.key");
    for (const k of of("aws:kms/replicaKey:ReplicaKey")) add("fixed", regionOf(k), k.name, k.type, "Customer managed key (replica of a multi-Region key)", 1, "kms.key");
    for (const z of of("aws:route53/zone:Zone")) add("fixed", "global", z.name, z.type, "Hosted zone", 1, "route53.hostedZone");
    for (const d of of("aws:cloudwatch/dashboard:Dashboard")) add("fixed", regionOf(d), d.name, d.type, "Dashboard", 1, "cloudwatch.dashboard");
    for (const a of of("aws:cloudwatch/metricAlarm:MetricAlarm")) {
        const queries = list(a.inputs.metricQueries);
        const metrics = queries.length > 0 ? queries.filter((q: any) => q?.metric).map((q: any) => Number(block(q.metric)?.period ?? 60)) : [Number(a.inputs.period ?? 60)];
        const anomaly = queries.some((q: any) => /ANOMALY_DETECTION_BAND/.test(String(q?.expression ?? "")));
        const highRes = metrics.some(p => p < 60);
        add("fixed", regionOf(a), a.name, a.type, `Alarm (${anomaly ? "anomaly detection, 3 metrics per band" : `${metrics.length} metric${metrics.length === 1 ? "" : "s"}`}${highRes ? ", high resolution" : ""})`,
            anomaly ? 3 * metrics.length : metrics.length, highRes ? "cloudwatch.alarm.highResolution" : "cloudwatch.alarm.standard");
    }
    for (const w of of("aws:wafv2/webAcl:WebAcl")) {
        const rules = list(w.inputs.rules);
        for (const rule of rules) {
            const group = block(block(rule?.statement)?.managedRuleGroupStatement);
            if (group && PAID_MANAGED_RULE_GROUPS.includes(group.name)) throw new NotPricedError(`${w.name}: managed rule group ${group.name} has fees beyond the rule price that the price table does not hold`);
        }
        add("fixed", regionOf(w), w.name, w.type, `Web ACL (${w.inputs.scope ?? "REGIONAL"})`, 1, "wafv2.webAcl");
        add("fixed", regionOf(w), w.name, w.type, `Rules (${rules.map((r: any) => r?.name).join(", ")})`, rules.length, "wafv2.rule");
    }
    const endpoint = usage.route53_health_check.endpoint_type === "aws" ? "awsEndpoint" : "nonAwsEndpoint";
    for (const h of of("aws:route53/healthCheck:HealthCheck")) {
        const type = String(h.inputs.type ?? "");
        if (type === "CALCULATED" || type === "CLOUDWATCH_METRIC") {
            add("fixed", "global", h.name, h.type, `Health check (${type.toLowerCase()})`, 1, "route53.healthCheck.awsEndpoint");
            continue;
        }
        const options = healthCheckOptions(h.inputs);
        add("fixed", "global", h.name, h.type, `Health check (${endpoint === "awsEndpoint" ? "AWS" : "non-AWS"} endpoint)`, 1, `route53.healthCheck.${endpoint}`);
        add("fixed", "global", h.name, h.type, `Optional features: ${options.join(", ")}`, options.length, `route53.healthCheckOption.${endpoint}`);
        const probed = executeApiRegion(h.inputs.fqdn);
        const path = String(h.inputs.resourcePath ?? "");
        if (!probed || !/\/health$/.test(path)) {
            notes.push(`${h.name}: probes ${h.inputs.fqdn ?? h.inputs.ipAddress}${path}, not a regional /health route: the requests it sends are not priced`);
            continue;
        }
        const interval = Number(h.inputs.requestInterval ?? 30);
        const probes = usage.route53_health_check.requests_per_interval * SECONDS_PER_MONTH / interval;
        // X-Ray's reservoir traces the first request each second, then a share of the rest.
        const perSecond = probes / SECONDS_PER_MONTH;
        const reservoir = Math.min(perSecond, usage.xray.reservoir_per_second);
        const traced = (reservoir + (perSecond - reservoir) * usage.xray.sampled_fraction) * SECONDS_PER_MONTH;
        traffic("fixed", probed, `health-check probes of ${h.name}`, probes, route("GET /health"), { route: route("GET /health"), traced });
    }

    if (input.fixedOnly) return summarize(prices, stackRegions, lines, notes, usage);

    // --- Requests: one million API requests of the usage's mix --------------------------------------
    for (const key of [...Object.keys(usage.requests.read_mix), ...Object.keys(usage.requests.write_mix)]) route(key);
    const monthly = usage.requests.monthly_requests;
    const approvalShare = monthly > 0 ? usage.approvals.monthly_approvals / monthly : 0;
    const approvalsPerMillion = 1e6 * approvalShare;
    const otherPerMillion = 1e6 - approvalsPerMillion * approvalRequestsPerApproval(usage);
    const rpw = usage.requests.reads_per_write;
    const perMillion: Record<string, number> = {};
    for (const [key, share] of Object.entries(usage.requests.read_mix)) perMillion[key] = (perMillion[key] ?? 0) + otherPerMillion * rpw / (rpw + 1) * share;
    for (const [key, share] of Object.entries(usage.requests.write_mix)) perMillion[key] = (perMillion[key] ?? 0) + otherPerMillion / (rpw + 1) * share;
    perMillion["POST /items/{id}/publish"] = (perMillion["POST /items/{id}/publish"] ?? 0) + approvalsPerMillion;
    perMillion["GET /requests/{id}"] = (perMillion["GET /requests/{id}"] ?? 0) + approvalsPerMillion * usage.approvals.status_checks_per_approval;
    perMillion["GET /approvals"] = (perMillion["GET /approvals"] ?? 0) + approvalsPerMillion;
    perMillion["POST /approvals/{id}/decision"] = (perMillion["POST /approvals/{id}/decision"] ?? 0) + approvalsPerMillion;

    const shares = Object.keys(usage.requests.region_share).length > 0
        ? usage.requests.region_share
        : Object.fromEntries(stackRegions.map(r => [r, 1 / stackRegions.length]));
    for (const r of Object.keys(shares)) if (!stackRegions.includes(r)) throw new NotPricedError(`usage requests.region_share names ${r}, which is not a region of this stack (${stackRegions.join(", ")})`);
    for (const [region, share] of Object.entries(shares)) {
        if (share === 0) continue;
        for (const [key, n] of Object.entries(perMillion)) {
            const r = route(key);
            traffic("requests", region, key, n * share, r, { route: r });
        }
        // What each approval sets off in the region's workflow.
        const approvals = approvalsPerMillion * share;
        if (approvals === 0) continue;
        const machine = of("aws:sfn/stateMachine:StateMachine").find(m => m.region === region);
        if (!machine) throw new NotPricedError(`approvals in ${region} but no state machine there`);
        if (machine.inputs.type && machine.inputs.type !== "STANDARD") throw new NotPricedError(`${machine.name}: only Standard workflows are priced`);
        const path = workflowPath(machine.inputs.definition, usage.approvals.outcome);
        add("requests", region, `approval workflow (${usage.approvals.outcome})`, "traffic", `Step Functions state transitions (${path.length} per approval: ${path.map(s => s.name).join(" > ")})`, approvals * path.length, "sfn.standard.transitions");
        for (const { name, state } of path) {
            if (state.Type !== "Task") continue;
            const fnName = String(state.Parameters?.FunctionName ?? "");
            const fn = functionsIn(region).find(f => f.inputs.name && fnName.endsWith(`:function:${f.inputs.name}`));
            const handler = fn?.inputs.environment?.variables?.POWERTOOLS_SERVICE_NAME;
            const step = state.Parameters?.Payload?.step;
            const key = step ? `${handler}:${step}` : handler;
            const p = profile.steps[key];
            if (!p) throw new NotPricedError(`${machine.name}: task ${name} runs ${key ?? fnName}, which the request profile does not hold`);
            traffic("requests", region, `approval workflow: ${name}`, approvals, p);
            if (handler === "approval-notify") {
                const topicArn = fn?.inputs.environment?.variables?.APPROVERS_TOPIC_ARN;
                const subs = of("aws:sns/topicSubscription:TopicSubscription").filter(s => s.inputs.protocol === "email" && s.inputs.topic === topicArn).length;
                add("requests", region, `approval workflow: ${name}`, "traffic", "SNS publish (approvers' topic)", approvals, "sns.requests");
                add("requests", region, `approval workflow: ${name}`, "traffic", `SNS email notifications (${subs} subscriber${subs === 1 ? "" : "s"})`, approvals * subs, "sns.email");
            }
        }
    }

    // --- Active: custom metrics once there is traffic -------------------------------------------------
    for (const region of stackRegions) {
        for (const m of profile.metrics) {
            const fn = functionFor(region, m.function);
            if (!fn) continue;
            const dims = Object.entries(m.dimensions).map(([k, v]) => `${k}=${v}`).join(", ");
            add("active", region, fn.name, fn.type, `Custom metric ${m.namespace}/${m.name} (${dims}, region=${region})`, 1, "cloudwatch.customMetric");
        }
    }

    // --- Storage: the usage's stored GB ------------------------------------------------------------
    const gb = usage.data.stored_gb;
    if (table) {
        const own = { region: table.region!, pitr: block(table.inputs.pointInTimeRecovery)?.enabled === true };
        const replicas = list(table.inputs.replicas).map((x: any) => ({ region: String(x.regionName), pitr: x.pointInTimeRecovery === true }));
        for (const copy of [own, ...replicas]) {
            add("storage", copy.region, table.name, table.type, `Table storage (${copy.region === own.region ? "table" : "replica"})`, gb, "dynamodb.storage");
            if (copy.pitr) add("storage", copy.region, table.name, table.type, `Point-in-time recovery (${copy.region === own.region ? "table" : "replica"})`, gb, "dynamodb.pitr");
        }
    }
    for (const plan of of("aws:backup/plan:Plan")) {
        for (const rule of list(plan.inputs.rules)) {
            const runs = runsPerMonth(String(rule.schedule ?? "cron(0 5 ? * * *)"));
            const keep = (lifecycle: any, region: string, what: string) => {
                const deleteAfter = Number(lifecycle?.deleteAfter ?? 0);
                if (!(deleteAfter > 0)) throw new NotPricedError(`${plan.name}: rule ${rule.ruleName} keeps ${what} forever; the model prices a finite retention`);
                const cold = lifecycle?.coldStorageAfter !== undefined ? Number(lifecycle.coldStorageAfter) : undefined;
                const warmDays = Math.min(deleteAfter, cold ?? deleteAfter);
                add("storage", region, plan.name, plan.type, `Backups, warm (${rule.ruleName} ${what}: ${round(runs, 2)} a month kept ${warmDays} days, full copies)`, gb * runs * warmDays / DAYS_PER_MONTH, "backup.dynamodb.warm");
                if (cold !== undefined && deleteAfter > cold) add("storage", region, plan.name, plan.type, `Backups, cold (${rule.ruleName} ${what}: days ${cold}-${deleteAfter})`, gb * runs * (deleteAfter - cold) / DAYS_PER_MONTH, "backup.dynamodb.cold");
            };
            keep(block(rule.lifecycle), plan.region!, "recovery points");
            for (const copy of list(rule.copyActions)) {
                const to = arnRegion(copy.destinationVaultArn);
                if (!to) throw new NotPricedError(`${plan.name}: rule ${rule.ruleName} copies to a vault whose region is unknown`);
                keep(block(copy.lifecycle) ?? block(rule.lifecycle), to, `copies in ${to}`);
                if (to !== plan.region) add("storage", plan.region!, plan.name, plan.type, `Backup copy transfer to ${to} (${rule.ruleName})`, gb * runs, "dataTransfer.interRegion");
            }
        }
    }
    for (const plan of of("aws:backup/restoreTestingPlan:RestoreTestingPlan")) {
        const tested = of("aws:backup/restoreTestingSelection:RestoreTestingSelection").filter(s => s.inputs.restoreTestingPlanName === plan.inputs.name && s.inputs.protectedResourceType === "DynamoDB");
        if (tested.length === 0) continue;
        const runs = runsPerMonth(String(plan.inputs.scheduleExpression ?? "cron(0 5 ? * * *)"));
        add("storage", regionOf(plan), plan.name, plan.type, `Restore tests (${round(runs, 2)} a month, the whole table each)`, gb * runs * tested.length, "dynamodb.restore");
    }

    // --- Users -------------------------------------------------------------------------------------
    const pools = [...of("aws:cognito/userPool:UserPool"), ...of("aws-native:cognito:UserPool")];
    for (const pool of pools) {
        const tier = String(pool.inputs.userPoolTier ?? "ESSENTIALS");
        add("users", regionOf(pool), pool.name, pool.type, `Monthly active users (${tier} feature plan)`, usage.users.monthly_active_users, `cognito.mau.${tier}`);
    }
    // A replica is managed through its primary's region: the pool it replicates is the one there.
    for (const replica of of("aws-native:cognito:UserPoolReplica")) {
        const primary = pools.filter(p => p.region === replica.region);
        if (primary.length !== 1) throw new NotPricedError(`${replica.name}: cannot tell which user pool it replicates (${primary.length} pools in ${replica.region ?? "no region"})`);
        const tier = String(primary[0].inputs.userPoolTier ?? "ESSENTIALS");
        const where = String(replica.inputs.regionName ?? regionOf(replica));
        add("users", where, replica.name, replica.type, `Multi-Region replication to ${where} (monthly active users, ${tier} feature plan)`, usage.users.monthly_active_users, `cognito.mrr.${tier}`);
    }

    // --- Web console: CloudFront traffic grows with users; its files and access logs are stored.
    for (const d of of("aws:cloudfront/distribution:Distribution")) {
        const c = usage.console;
        const loads = usage.users.monthly_active_users * c.page_loads_per_user;
        const requests = loads * c.requests_per_load;
        add("users", "global", d.name, d.type, `CloudFront HTTPS requests (${c.page_loads_per_user} page loads per user, ${c.requests_per_load} requests each)`, requests, "cloudfront.requests.https");
        add("users", "global", d.name, d.type, `CloudFront data transfer out (${c.kb_per_load} KB per page load)`, loads * c.kb_per_load * 1024 / GB, "cloudfront.dataTransfer.internet");
        const behavior = block(d.inputs.defaultCacheBehavior);
        const functions = list(behavior?.functionAssociations).length;
        if (functions > 0) add("users", "global", d.name, d.type, `CloudFront Functions (${functions} per request)`, requests * functions, "cloudfront.functions.invocations");
        if (d.inputs.webAclId) add("users", "us-east-1", d.name, d.type, "WAF requests (CLOUDFRONT web ACL)", requests, "wafv2.requests");
        const originRegions = list(d.inputs.origins).map((o: any) => /\.s3\.([a-z0-9-]+)\.amazonaws\.com$/.exec(String(o?.domainName ?? ""))?.[1]).filter((r): r is string => !!r);
        for (const region of originRegions) add("storage", region, d.name, d.type, `Site files in the origin bucket (${c.site_mb} MB)`, c.site_mb / 1024, "s3.storage.standard");
        const logging = block(d.inputs.loggingConfig);
        if (logging && originRegions[0]) {
            // Kept for the log bucket's lifecycle; priced at the stack's log retention, the program's setting for it.
            const retention = Math.max(1, Number(logRetentionOf(resources) ?? 30));
            add("storage", originRegions[0], d.name, d.type, `Access logs (${c.log_bytes_per_request} bytes per request, kept ${retention} days)`, requests * c.log_bytes_per_request / GB * retention / DAYS_PER_MONTH, "s3.storage.standard");
        }
    }

    notes.push(
        "KMS requests (DynamoDB and CloudWatch Logs cache data keys: a few thousand a month per region) are not priced.",
        "Global secondary index writes (approval request rows only) and alarm notifications are not priced.",
        "Free tiers are not subtracted; first-tier prices are used for every volume.",
    );
    return summarize(prices, stackRegions, lines, notes, usage);
}

function summarize(prices: PriceTable, stackRegions: readonly string[], lines: CostLine[], notes: string[], usage: Usage): CostReport {
    const total = (kind: LineKind, region?: string) => round(sum(lines.filter(l => l.kind === kind && (region === undefined || l.region === region)).map(l => l.usd)), 4);
    const regions: Record<string, RegionTotals> = {};
    for (const region of [...new Set([...stackRegions, ...lines.map(l => l.region).filter(r => r !== "global")])]) {
        regions[region] = {
            fixedMonthlyUsd: total("fixed", region), perMillionRequestsUsd: total("requests", region),
            storageMonthlyUsd: total("storage", region), activeMonthlyUsd: total("active", region), usersMonthlyUsd: total("users", region),
        };
    }
    const dates = lines.map(l => l.sourceDate).filter((d): d is string => d !== null).sort();
    const fixed = total("fixed");
    const perMillion = total("requests");
    const storage = total("storage");
    const users = total("users");
    const active = total("active");
    return {
        priceTableDate: prices.date,
        priceSourceDates: { oldest: dates[0] ?? null, newest: dates[dates.length - 1] ?? null },
        stackRegions,
        fixedMonthlyUsd: fixed,
        perMillionRequestsUsd: perMillion,
        storageMonthlyUsd: storage,
        usersMonthlyUsd: users,
        activeMonthlyUsd: active,
        monthlyAtUsageUsd: round(fixed + active + perMillion * usage.requests.monthly_requests / 1e6 + storage + users, 2),
        regions,
        global: { fixedMonthlyUsd: total("fixed", "global") },
        lines,
        notes: [...new Set(notes)],
    };
}
