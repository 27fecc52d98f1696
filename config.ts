/**
 * Typed, validated stack configuration.
 *
 * Every `platform:*` key is parsed here, before any resource is registered. Problems are collected
 * across all keys and reported together in one {@link ConfigError} whose lines name the key they
 * concern, so a platform engineer fixes a stack file in one pass instead of one `pulumi up` per typo.
 *
 * The schema in this file is the source of truth for the README's config reference table
 * (tests/logic/readmeConfig.spec.ts checks that the two agree).
 */
import type * as pulumiTypes from "@pulumi/pulumi";
import { z } from "zod";
import { MAX_APPROVAL_TIMEOUT_SECONDS } from "./components/logic/approvalDefinition";
import { BACKUP_MAX_RETENTION_DAYS, COLD_STORAGE_MINIMUM_DAYS, VAULT_LOCK_MIN_CHANGEABLE_DAYS } from "./components/logic/backupLimits";
import { closest } from "./components/logic/closest";
import { DEFAULT_TOKEN_VALIDITY, replicaRegionProblems, sesEmailProblems, TOKEN_VALIDITY } from "./components/logic/cognito";
import { AWS_REGIONS, STRONG_CONSISTENCY_REGION_SETS, isAwsRegion, strongConsistencySetOf } from "./components/logic/regions";

/** The Pulumi project name; config keys are `platform:<key>`. */
export const PROJECT = "platform";

/** Values CloudWatch Logs accepts for `retentionInDays`. */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Route 53 health checks probe every 10 or 30 seconds, nothing else. */
export const HEALTH_CHECK_INTERVALS = [10, 30] as const;

export { BACKUP_MAX_RETENTION_DAYS, COLD_STORAGE_MINIMUM_DAYS, VAULT_LOCK_MIN_CHANGEABLE_DAYS };

/** Step Functions Standard executions run for at most one year. */
export const MAX_APPROVAL_TIMEOUT_HOURS = MAX_APPROVAL_TIMEOUT_SECONDS / 3600;

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const email = z.string().regex(EMAIL, { error: "is not a valid email address" });
const int = (min: number, max: number, what = "") =>
    z.number({ error: `must be a whole number from ${min} to ${max}${what}` })
        .int({ error: `must be a whole number from ${min} to ${max}${what}` })
        .min(min, { error: `must be a whole number from ${min} to ${max}${what}` })
        .max(max, { error: `must be a whole number from ${min} to ${max}${what}` });
const bool = z.boolean({ error: "must be true or false" });
const oneOf = <T extends string>(values: readonly [T, ...T[]]) =>
    z.enum(values, { error: `must be one of ${values.join(", ")}` });

const dnsSchema = z.strictObject({
    /** Route 53 public hosted zone that holds `apiDomain`. */
    zoneName: z.string().regex(DOMAIN, { error: "is not a valid DNS name (lower case, no trailing dot)" }),
    /** Name clients call; latency-routed across regions. `<region>.<apiDomain>` is pinned per region. */
    apiDomain: z.string().regex(DOMAIN, { error: "is not a valid DNS name (lower case, no trailing dot)" }),
    /** The user pool's custom sign-in domain (managed login, OAuth endpoints). Default `auth.<zoneName>`. */
    authDomain: z.string().regex(DOMAIN, { error: "is not a valid DNS name (lower case, no trailing dot)" }).optional(),
});

const tableSchema = z.strictObject({
    consistency: oneOf(["eventual", "strong"]).default("eventual"),
    witnessRegion: z.string().optional(),
    deletionProtection: bool.optional(),
    pitrRecoveryDays: int(1, 35, " (DynamoDB PITR window)").default(35),
    ttlAttribute: z.string().regex(/^[A-Za-z0-9_.-]{1,255}$/, { error: "must be 1-255 characters of A-Z a-z 0-9 _ . -" }).default("expiresAt"),
    homeTimeoutMs: int(100, 10_000, " (ms a region waits for a partition's home replica before deciding locally)").default(1000),
});

const healthCheckSchema = z.strictObject({
    intervalSeconds: z.number().refine(v => (HEALTH_CHECK_INTERVALS as readonly number[]).includes(v), { error: "must be 10 or 30 (Route 53 request interval)" }).default(30),
    failureThreshold: int(1, 10, " (Route 53 failure threshold)").default(3),
});

const apiSchema = z.strictObject({
    throttleRateLimit: int(1, 10000, " (API Gateway account limit is 10,000 rps per region)").default(100),
    throttleBurstLimit: int(1, 5000, " (API Gateway account burst is 5,000 per region)").default(200),
    waf: bool.optional(),
    wafRateLimit: int(10, 2_000_000_000, " (WAF rate-based rule, requests per IP per 5 minutes)").default(2000),
    memoryMb: int(128, 10240, " (Lambda memory in MB)").default(512),
    timeoutSeconds: int(1, 29, " (seconds; API Gateway integrations time out at 29 s)").default(10),
});

const approvalSchema = z.strictObject({
    approverEmails: z.array(email, { error: "must be a list of email addresses" }).default([]),
    timeoutHours: int(1, MAX_APPROVAL_TIMEOUT_HOURS, " (a Standard workflow runs at most one year)").default(72),
    takeoverAfterMinutes: int(1, 1440, " (minutes a request's region must be out before another region decides it)").default(15),
});

const backupSchema = z.strictObject({
    copyRegion: z.string().optional(),
    dailyRetentionDays: int(1, BACKUP_MAX_RETENTION_DAYS).default(35),
    monthly: bool.optional(),
    monthlyRetentionDays: int(1, BACKUP_MAX_RETENTION_DAYS).default(365),
    monthlyColdStorageAfterDays: int(1, BACKUP_MAX_RETENTION_DAYS).optional(),
    vaultLock: bool.optional(),
    lockMinRetentionDays: int(1, BACKUP_MAX_RETENTION_DAYS).optional(),
    lockMaxRetentionDays: int(1, BACKUP_MAX_RETENTION_DAYS).optional(),
    lockChangeableForDays: int(VAULT_LOCK_MIN_CHANGEABLE_DAYS, BACKUP_MAX_RETENTION_DAYS, " (AWS Backup compliance-lock grace period)").default(3),
    manageRegionSettings: bool.default(false),
    restoreTesting: bool.default(true),
});

const sesEmailSchema = z.strictObject({
    sesIdentityArn: z.string({ error: "is required: the ARN of a verified SES identity in the home region" }),
    from: z.string().min(3, { error: "must be an address or Name <address>" }).optional(),
    replyTo: email.optional(),
    configurationSet: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "must be 1-64 characters of A-Z a-z 0-9 _ -" }).optional(),
});

const identitySchema = z.strictObject({
    mfa: oneOf(["optional", "required"]).optional(),
    featurePlan: oneOf(["ESSENTIALS", "PLUS"]).default("ESSENTIALS"),
    threatProtection: oneOf(["off", "audit", "enforced"]).default("off"),
    deletionProtection: bool.optional(),
    selfSignUp: bool.optional(),
    email: sesEmailSchema.optional(),
    accessTokenMinutes: int(TOKEN_VALIDITY.accessMinutes.min, TOKEN_VALIDITY.accessMinutes.max, " (Cognito: 5 minutes to 1 day)").default(DEFAULT_TOKEN_VALIDITY.accessMinutes),
    idTokenMinutes: int(TOKEN_VALIDITY.idMinutes.min, TOKEN_VALIDITY.idMinutes.max, " (Cognito: 5 minutes to 1 day)").default(DEFAULT_TOKEN_VALIDITY.idMinutes),
    refreshTokenDays: int(TOKEN_VALIDITY.refreshDays.min, TOKEN_VALIDITY.refreshDays.max, " (Cognito: up to 10 years)").default(DEFAULT_TOKEN_VALIDITY.refreshDays),
    /** Region of the user pool's multi-Region replica, or `none`. Default: the second region in prod, none in dev. */
    replicaRegion: z.string({ error: "must be a region name, or none" }).optional(),
});

const alarmsSchema = z.strictObject({
    api5xxPercent: z.number({ error: "must be a number" }).gt(0, { error: "must be above 0 and at most 100 (percent)" }).max(100, { error: "must be above 0 and at most 100 (percent)" }).default(1),
    apiLatencyP99Ms: int(1, 29000, " (ms)").default(2500),
    lambdaErrors: int(1, 1_000_000).default(1),
    lambdaThrottles: int(1, 1_000_000).default(1),
    dynamoThrottledRequests: int(1, 1_000_000).default(1),
    replicationLatencyMs: int(1, 86_400_000, " (ms)").default(120000),
    wafBlockedRequests: int(1, 1_000_000_000).default(1000),
    conflictsDetected: int(1, 1_000_000).default(1),
});

const budgetSchema = z.strictObject({
    /** Fixed monthly cost (USD, what the stack costs with no traffic) the cost-budget policy holds the plan to. */
    monthlyFixedUsd: z.number({ error: "must be a number of US dollars" }).positive({ error: "must be above 0 (US dollars a month)" }).optional(),
});

const drillsSchema = z.strictObject({
    /** AWS FIS experiment templates for the outage drills (components/faultInjection.ts). */
    fis: bool.default(false),
});

const consoleSchema = z.strictObject({
    /** The web console (S3 + CloudFront + managed sign-in). */
    enabled: bool.default(true),
    /** `<subdomain>.<dns.zoneName>` is the console's name when the stack has DNS. */
    subdomain: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, { error: "must be one DNS label: lower-case letters, digits and hyphens" }).default("console"),
    replicaRegion: z.string().optional(),
    waf: bool.optional(),
    wafRateLimit: int(10, 2_000_000_000, " (WAF rate-based rule, requests per IP per 5 minutes)").default(2000),
    authDomainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { error: "must be 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen" }).optional(),
    priceClass: oneOf(["PriceClass_100", "PriceClass_200", "PriceClass_All"]).default("PriceClass_100"),
});

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

const rawSchema = z.strictObject({
    environment: oneOf(["dev", "prod"]).default("prod"),
    regions: z.array(z.string({ error: "must be a region name" }), { error: "is required: a YAML list of AWS regions, the first being the home region" }),
    dns: dnsSchema.optional(),
    table: tableSchema.default(tableSchema.parse({})),
    healthCheck: healthCheckSchema.default(healthCheckSchema.parse({})),
    api: apiSchema.default(apiSchema.parse({})),
    approval: approvalSchema.default(approvalSchema.parse({})),
    backup: backupSchema.default(backupSchema.parse({})),
    identity: identitySchema.default(identitySchema.parse({})),
    alarms: alarmsSchema.default(alarmsSchema.parse({})),
    budget: budgetSchema.default(budgetSchema.parse({})),
    drills: drillsSchema.default(drillsSchema.parse({})),
    console: consoleSchema.default(consoleSchema.parse({})),
    alarmEmail: email.optional(),
    logRetentionDays: z.number().refine(v => (LOG_RETENTION_DAYS as readonly number[]).includes(v), {
        error: `must be one of CloudWatch Logs' retention values: ${LOG_RETENTION_DAYS.join(", ")}`,
    }).optional(),
    tags: z.record(z.string(), z.string({ error: "must be a string (quote numbers)" })).default({}),
});

type RawConfig = z.infer<typeof rawSchema>;

/** The validated stack configuration every component reads. Defaults are applied. */
export interface PlatformConfig {
    /** `prod` turns on data protection (`protect`, `retainOnDelete`), vault lock, monthly backups, required MFA. @default "prod" */
    readonly environment: "dev" | "prod";
    /** Every region the platform runs in; `regions[0]` is the home region. */
    readonly regions: readonly string[];
    /** `regions[0]`: user pool, dashboard, backup vault. */
    readonly homeRegion: string;
    /** Custom domains (API latency routing, the sign-in domain); absent = execute-api URLs only and no sign-in domain. */
    readonly dns?: { readonly zoneName: string; readonly apiDomain: string; readonly authDomain: string };
    readonly table: {
        readonly consistency: "eventual" | "strong";
        readonly witnessRegion?: string;
        readonly deletionProtection: boolean;
        readonly pitrRecoveryDays: number;
        readonly ttlAttribute: string;
        /** How long a region waits for a partition's home replica before deciding a write locally (eventual mode). */
        readonly homeTimeoutMs: number;
    };
    readonly healthCheck: { readonly intervalSeconds: 10 | 30; readonly failureThreshold: number };
    readonly api: {
        readonly throttleRateLimit: number;
        readonly throttleBurstLimit: number;
        readonly waf: boolean;
        readonly wafRateLimit: number;
        readonly memoryMb: number;
        readonly timeoutSeconds: number;
    };
    readonly approval: { readonly approverEmails: readonly string[]; readonly timeoutHours: number; readonly takeoverAfterMinutes: number };
    readonly backup: {
        readonly copyRegion: string;
        readonly dailyRetentionDays: number;
        readonly monthly: boolean;
        readonly monthlyRetentionDays: number;
        readonly monthlyColdStorageAfterDays?: number;
        readonly vaultLock: boolean;
        readonly lockMinRetentionDays: number;
        readonly lockMaxRetentionDays: number;
        readonly lockChangeableForDays: number;
        readonly manageRegionSettings: boolean;
        readonly restoreTesting: boolean;
    };
    readonly identity: {
        readonly mfa: "optional" | "required";
        readonly featurePlan: "ESSENTIALS" | "PLUS";
        readonly threatProtection: "off" | "audit" | "enforced";
        readonly deletionProtection: boolean;
        /** Users may create their own accounts (SignUp); off = administrators invite them. Default: on in dev, off in prod. */
        readonly selfSignUp: boolean;
        /** Send through SES; absent = Cognito's built-in sender (a small daily quota). */
        readonly email?: RawConfig["identity"]["email"];
        readonly accessTokenMinutes: number;
        readonly idTokenMinutes: number;
        readonly refreshTokenDays: number;
        /**
         * Region of the user pool's multi-Region replica (sign-in and token refresh survive the home
         * region); absent = no replica. Default: the second region in prod, none in dev.
         */
        readonly replicaRegion?: string;
    };
    readonly alarms: RawConfig["alarms"];
    /** Cost budget checked by the policy pack (`platform-cost-budget`); absent = no budget. */
    readonly budget: { readonly monthlyFixedUsd?: number };
    readonly drills: { readonly fis: boolean };
    /** The web console (components/webConsole.ts). */
    readonly console: {
        readonly enabled: boolean;
        readonly subdomain: string;
        /** Region of the replica bucket; defaults to the second region. */
        readonly replicaRegion: string;
        /** CLOUDFRONT web ACL; defaults to `api.waf`. */
        readonly waf: boolean;
        readonly wafRateLimit: number;
        /** Managed login domain prefix; `undefined` = `<project>-<stack>-<account id>` (decided by the program, which knows the account). */
        readonly authDomainPrefix?: string;
        readonly priceClass: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
    };
    readonly alarmEmail?: string;
    readonly logRetentionDays: number;
    readonly tags: Readonly<Record<string, string>>;
}

/** Thrown by {@link parseConfig}/{@link loadConfig}; `problems` holds one line per problem, each starting with its key. */
export class ConfigError extends Error {
    constructor(public readonly problems: readonly string[]) {
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n`
            + problems.map(p => `  - ${p}`).join("\n"));
        this.name = "ConfigError";
    }
}

/** Keys this program reads, without the `platform:` prefix. */
export const CONFIG_KEYS = Object.keys(rawSchema.shape) as readonly (keyof RawConfig)[];

function keyOf(path: readonly PropertyKey[]): string {
    let key = `${PROJECT}:`;
    path.forEach((part, i) => {
        if (typeof part === "number") key += `[${part}]`;
        else key += i === 0 ? String(part) : `.${String(part)}`;
    });
    return key;
}

/** Config of other namespaces that the platform checks against its own. */
export interface ProviderConfig {
    /** `aws:region`, the default AWS provider's region, when the stack sets it. */
    readonly awsRegion?: string;
}

/**
 * Validates raw `platform:*` values (already JSON-decoded, keys without the prefix) and applies defaults.
 * Throws one {@link ConfigError} listing every problem.
 */
export function parseConfig(raw: Record<string, unknown>, provider: ProviderConfig = {}): PlatformConfig {
    const problems: string[] = [];
    const parsed = rawSchema.safeParse(raw);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            if (issue.code === "unrecognized_keys") {
                for (const k of issue.keys) {
                    const hint = closest(k, knownKeysAt(issue.path));
                    problems.push(`${keyOf([...issue.path, k])}: unknown key${hint ? ` (did you mean ${keyOf([...issue.path, hint])}?)` : ""}`);
                }
            } else {
                problems.push(`${keyOf(issue.path)}: ${issue.message}`);
            }
        }
    }
    // Cross-field rules run on whatever parsed, so one pass reports every problem.
    const partial = (parsed.success ? parsed.data : raw) as Partial<RawConfig>;
    problems.push(...crossFieldProblems(partial), ...providerProblems(partial, provider));
    if (problems.length > 0) throw new ConfigError(problems);
    return resolveDefaults(parsed.data!);
}

/** Keys the schema accepts at `path` (top level or one nested object). */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
    let shape: any = rawSchema.shape;
    for (const part of path) {
        let field = shape?.[part as string];
        while (field && !field.shape && field.def?.innerType) field = field.def.innerType;
        shape = field?.shape;
    }
    return shape ? Object.keys(shape) : [];
}

function regionProblems(key: string, value: unknown): string[] {
    if (typeof value !== "string") return [];
    if (isAwsRegion(value)) return [];
    const hint = closest(value, AWS_REGIONS);
    return [`${key}: "${value}" is not an AWS region${hint ? ` (did you mean "${hint}"?)` : ""}`];
}

/**
 * `aws:region` must be the home region when set: it is the region of the default provider, which
 * the program's global calls (caller identity, hosted-zone lookup), `pulumi` commands run by hand
 * and the deploy workflow's credentials all use; a stack that says one home region in
 * `platform:regions` and another in `aws:region` is a mistake waiting to be deployed.
 */
function providerProblems(c: Partial<RawConfig>, provider: ProviderConfig): string[] {
    const home = Array.isArray(c.regions) && typeof c.regions[0] === "string" ? c.regions[0].trim().toLowerCase() : undefined;
    if (provider.awsRegion === undefined || home === undefined || provider.awsRegion.trim().toLowerCase() === home) return [];
    return [`aws:region: "${provider.awsRegion}" is not the home region ${home} (the first of platform:regions); set aws:region: ${home}`];
}

function crossFieldProblems(c: Partial<RawConfig>): string[] {
    const problems: string[] = [];
    const regions = Array.isArray(c.regions) ? c.regions.filter((r): r is string => typeof r === "string") : [];
    const regionsKey = `${PROJECT}:regions`;

    if (Array.isArray(c.regions)) {
        // Surrounding whitespace is a YAML accident and is trimmed; any other variant is reported,
        // once: as a duplicate when it names a region already listed, else as an unknown region.
        const seen = new Map<string, number>();
        c.regions.forEach((r, i) => {
            if (typeof r !== "string") return;
            const norm = r.trim().toLowerCase();
            const first = seen.get(norm);
            if (first !== undefined) {
                problems.push(`${regionsKey}[${i}]: region [${norm}] is listed twice (also at index ${first})`);
                return;
            }
            seen.set(norm, i);
            problems.push(...regionProblems(`${regionsKey}[${i}]`, r.trim()));
        });
        if (c.regions.length < 2) {
            problems.push(`${regionsKey}: at least 2 regions are required for active-active (got ${c.regions.length})`);
        }
    }
    const home = regions[0]?.trim().toLowerCase();

    const table = (c.table ?? {}) as Partial<RawConfig["table"]>;
    if (table.witnessRegion !== undefined) {
        problems.push(...regionProblems(`${PROJECT}:table.witnessRegion`, table.witnessRegion));
        if (table.consistency !== "strong") {
            problems.push(`${PROJECT}:table.witnessRegion: a witness only exists for consistency "strong"`);
        }
    }
    if (table.consistency === "strong") problems.push(...strongConsistencyProblems(regions, table.witnessRegion));

    const dns = c.dns as Partial<RawConfig["dns"]> | undefined;
    if (dns && typeof dns.apiDomain === "string" && typeof dns.zoneName === "string"
        && DOMAIN.test(dns.apiDomain) && DOMAIN.test(dns.zoneName)
        && dns.apiDomain !== dns.zoneName && !dns.apiDomain.endsWith(`.${dns.zoneName}`)) {
        problems.push(`${PROJECT}:dns.apiDomain: "${dns.apiDomain}" is not inside the hosted zone "${dns.zoneName}"`);
    }
    if (dns && typeof dns.authDomain === "string" && typeof dns.zoneName === "string" && DOMAIN.test(dns.authDomain) && DOMAIN.test(dns.zoneName)) {
        if (!dns.authDomain.endsWith(`.${dns.zoneName}`)) {
            problems.push(`${PROJECT}:dns.authDomain: "${dns.authDomain}" is not a name inside the hosted zone "${dns.zoneName}"`);
        } else if (dns.authDomain === dns.apiDomain) {
            problems.push(`${PROJECT}:dns.authDomain: "${dns.authDomain}" is the API's name too; the sign-in domain needs a name of its own`);
        }
    }

    const backup = (c.backup ?? {}) as Partial<RawConfig["backup"]>;
    if (backup.copyRegion !== undefined) {
        problems.push(...regionProblems(`${PROJECT}:backup.copyRegion`, backup.copyRegion));
        if (home && backup.copyRegion.trim().toLowerCase() === home) {
            problems.push(`${PROJECT}:backup.copyRegion: must differ from the home region ${home} (a copy in the same region does not survive a regional outage)`);
        }
    }
    problems.push(...backupProblems(backup, c.environment ?? "prod"));

    const web = (c.console ?? {}) as Partial<RawConfig["console"]>;
    if (web.replicaRegion !== undefined) {
        problems.push(...regionProblems(`${PROJECT}:console.replicaRegion`, web.replicaRegion));
        if (home && web.replicaRegion.trim().toLowerCase() === home) {
            problems.push(`${PROJECT}:console.replicaRegion: must differ from the home region ${home} (the replica bucket is what CloudFront falls back to when the home region fails)`);
        }
    }
    if (typeof web.authDomainPrefix === "string" && /aws|amazon|cognito/.test(web.authDomainPrefix)) {
        problems.push(`${PROJECT}:console.authDomainPrefix: may not contain aws, amazon or cognito (reserved by Cognito)`);
    }

    const identity = (c.identity ?? {}) as Partial<RawConfig["identity"]>;
    if (identity.threatProtection && identity.threatProtection !== "off" && identity.featurePlan !== "PLUS") {
        problems.push(`${PROJECT}:identity.threatProtection: "${identity.threatProtection}" needs identity.featurePlan PLUS (Cognito threat protection is a Plus feature)`);
    }
    if (identity.email && typeof identity.email === "object") {
        for (const p of sesEmailProblems(identity.email, home)) problems.push(`${PROJECT}:identity.email.${p.field}: ${p.message}`);
    }
    if (typeof identity.replicaRegion === "string" && identity.replicaRegion.trim().toLowerCase() !== REPLICA_NONE) {
        const key = `${PROJECT}:identity.replicaRegion`;
        const replica = identity.replicaRegion.trim();
        const unknown = regionProblems(key, replica);
        problems.push(...unknown);
        if (unknown.length === 0 && regions.length > 0) {
            const stackRegions = regions.map(r => r.trim().toLowerCase());
            for (const p of replicaRegionProblems(replica, stackRegions, identity.featurePlan)) problems.push(`${key}: ${p}`);
        }
    }

    if (c.tags && typeof c.tags === "object") {
        const entries = Object.entries(c.tags);
        if (entries.length > 40) problems.push(`${PROJECT}:tags: at most 40 tags (AWS allows 50 per resource; the platform adds its own)`);
        for (const [k, v] of entries) {
            if (!TAG_KEY.test(k)) problems.push(`${PROJECT}:tags.${k}: tag keys are 1-128 letters, digits, spaces and _.:/=+-@`);
            if (k.toLowerCase().startsWith("aws:")) problems.push(`${PROJECT}:tags.${k}: the aws: prefix is reserved by AWS`);
            if (typeof v === "string" && !TAG_VALUE.test(v)) problems.push(`${PROJECT}:tags.${k}: tag values are 0-256 letters, digits, spaces and _.:/=+-@`);
        }
    }
    return problems;
}

/** The value of `platform:identity.replicaRegion` that turns the replica off. */
export const REPLICA_NONE = "none";

/** The configured replica region, `none` -> undefined, absent -> the second region in prod. */
function replicaRegionOf(value: string | undefined, regions: readonly string[], prod: boolean): string | undefined {
    if (value === undefined) return prod ? regions[1] : undefined;
    const v = value.trim();
    return v.toLowerCase() === REPLICA_NONE ? undefined : v;
}

function strongConsistencyProblems(regions: readonly string[], witness: string | undefined): string[] {
    const key = `${PROJECT}:table.consistency`;
    const members = witness === undefined ? regions : [...regions, witness];
    const problems: string[] = [];
    if (witness === undefined && regions.length !== 3) {
        problems.push(`${key}: "strong" needs exactly 3 regions, or 2 regions plus table.witnessRegion (got ${regions.length} regions)`);
    }
    if (witness !== undefined && regions.length !== 2) {
        problems.push(`${key}: "strong" with a witness needs exactly 2 regions (got ${regions.length})`);
    }
    if (witness !== undefined && regions.includes(witness)) {
        problems.push(`${PROJECT}:table.witnessRegion: ${witness} already holds a replica; the witness must be a third region`);
    }
    if (members.length > 0 && strongConsistencySetOf(members) === undefined) {
        const sets = Object.entries(STRONG_CONSISTENCY_REGION_SETS).map(([n, rs]) => `${n} (${rs.join(", ")})`).join("; ");
        problems.push(`${key}: "strong" needs every region${witness ? " and the witness" : ""} in one region set: ${sets}; got ${members.join(", ")}`);
    }
    return problems;
}

function backupProblems(b: Partial<RawConfig["backup"]>, environment: string): string[] {
    const key = `${PROJECT}:backup`;
    const problems: string[] = [];
    const monthly = b.monthly ?? environment === "prod";
    const cold = b.monthlyColdStorageAfterDays;
    const monthlyRetention = b.monthlyRetentionDays ?? 365;
    if (cold !== undefined && typeof monthlyRetention === "number" && monthlyRetention < cold + COLD_STORAGE_MINIMUM_DAYS) {
        problems.push(`${key}.monthlyRetentionDays: ${monthlyRetention} is too short: AWS Backup deletes no earlier than ${COLD_STORAGE_MINIMUM_DAYS} days after the move to cold storage (monthlyColdStorageAfterDays ${cold} + ${COLD_STORAGE_MINIMUM_DAYS} = ${cold + COLD_STORAGE_MINIMUM_DAYS})`);
    }
    const lock = b.vaultLock ?? environment === "prod";
    if (!lock) return problems;
    const daily = b.dailyRetentionDays ?? 35;
    const retentions = [daily, ...(monthly ? [monthlyRetention] : [])].filter((n): n is number => typeof n === "number");
    const min = b.lockMinRetentionDays ?? Math.min(...retentions);
    const max = b.lockMaxRetentionDays ?? Math.max(...retentions);
    if (typeof min === "number" && typeof max === "number" && min > max) {
        problems.push(`${key}.lockMinRetentionDays: ${min} is above lockMaxRetentionDays ${max}`);
        return problems;
    }
    for (const [name, days] of [["dailyRetentionDays", daily], ...(monthly ? [["monthlyRetentionDays", monthlyRetention]] : [])] as const) {
        if (typeof days !== "number") continue;
        if (typeof min === "number" && days < min) {
            problems.push(`${key}.${name}: ${days} days is below the vault lock's lockMinRetentionDays ${min}; AWS Backup would reject these recovery points`);
        }
        if (typeof max === "number" && days > max) {
            problems.push(`${key}.${name}: ${days} days is above the vault lock's lockMaxRetentionDays ${max}; AWS Backup would reject these recovery points`);
        }
    }
    return problems;
}

function resolveDefaults(c: RawConfig): PlatformConfig {
    const prod = c.environment === "prod";
    const regions = c.regions.map(r => r.trim());
    const monthly = c.backup.monthly ?? prod;
    const retentions = [c.backup.dailyRetentionDays, ...(monthly ? [c.backup.monthlyRetentionDays] : [])];
    return {
        environment: c.environment,
        regions,
        homeRegion: regions[0],
        dns: c.dns ? { ...c.dns, authDomain: c.dns.authDomain ?? `auth.${c.dns.zoneName}` } : undefined,
        table: { ...c.table, deletionProtection: c.table.deletionProtection ?? true },
        healthCheck: { intervalSeconds: c.healthCheck.intervalSeconds as 10 | 30, failureThreshold: c.healthCheck.failureThreshold },
        api: { ...c.api, waf: c.api.waf ?? true },
        approval: c.approval,
        backup: {
            ...c.backup,
            copyRegion: c.backup.copyRegion ?? regions[1],
            monthly,
            vaultLock: c.backup.vaultLock ?? prod,
            lockMinRetentionDays: c.backup.lockMinRetentionDays ?? Math.min(...retentions),
            lockMaxRetentionDays: c.backup.lockMaxRetentionDays ?? Math.max(...retentions),
        },
        identity: {
            mfa: c.identity.mfa ?? (prod ? "required" : "optional"),
            featurePlan: c.identity.featurePlan,
            threatProtection: c.identity.threatProtection,
            deletionProtection: c.identity.deletionProtection ?? prod,
            selfSignUp: c.identity.selfSignUp ?? !prod,
            email: c.identity.email,
            accessTokenMinutes: c.identity.accessTokenMinutes,
            idTokenMinutes: c.identity.idTokenMinutes,
            refreshTokenDays: c.identity.refreshTokenDays,
            replicaRegion: replicaRegionOf(c.identity.replicaRegion, regions, prod),
        },
        alarms: c.alarms,
        budget: c.budget,
        drills: c.drills,
        console: {
            ...c.console,
            replicaRegion: c.console.replicaRegion?.trim() ?? regions[1],
            waf: c.console.waf ?? c.api.waf ?? true,
        },
        alarmEmail: c.alarmEmail,
        logRetentionDays: c.logRetentionDays ?? (prod ? 365 : 14),
        tags: c.tags,
    };
}

/**
 * Decodes Pulumi's flat config map (`{"platform:regions": "[\"us-east-1\"]"}`) into raw values.
 * Structured values arrive as JSON text; plain strings stay strings.
 */
export function decodePulumiConfig(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(all)) {
        if (!fullKey.startsWith(`${PROJECT}:`)) continue;
        const key = fullKey.slice(PROJECT.length + 1);
        raw[key] = decodeValue(text);
    }
    return raw;
}

function decodeValue(text: string): unknown {
    const t = text.trim();
    if (/^[[{]/.test(t) || /^(true|false|-?\d+(\.\d+)?)$/.test(t)) {
        try {
            return JSON.parse(t);
        } catch {
            return text;
        }
    }
    return text;
}

/** Reads and validates the current stack's `platform:*` config. Call before creating any resource. */
export function loadConfig(): PlatformConfig {
    // Required here, not at the top: tooling that validates stack files (the local platform, the
    // cost model) imports this module without paying for the Pulumi SDK's start-up.
    const pulumi: typeof pulumiTypes = require("@pulumi/pulumi");
    const all = pulumi.runtime.allConfig();
    return parseConfig(decodePulumiConfig(all), { awsRegion: all["aws:region"] });
}

/**
 * Every documented key as `platform:<key>` or `platform:<key>.<field>` (object keys expanded one level),
 * for checking the README's config reference against the schema.
 */
export function configKeyPaths(): string[] {
    const out: string[] = [];
    for (const key of CONFIG_KEYS) {
        const fields = knownKeysAt([key]);
        if (fields.length === 0 || key === "tags") out.push(`${PROJECT}:${key}`);
        else for (const f of fields) out.push(`${PROJECT}:${key}.${f}`);
    }
    return out;
}
