/**
 * Building blocks of the pack's rules: one shape for every rule (description with its FSBP
 * control, enforcement level, message naming the resource, remediation) and defensive readers for
 * nested properties.
 *
 * During `pulumi preview` @pulumi/policy hands rules a proxy that throws `UnknownValueError` when
 * a rule reads a value not known yet; the pack server turns that into an advisory "can't run
 * during preview". Rules therefore never catch errors themselves: they only guard against values
 * that are absent, null, or of another shape (a policy document as a string or an object).
 */
import type {
    EnforcementLevel, PolicyConfigSchema, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy,
    Severity, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";

/** The compliance framework most rules map to. */
export const FSBP = {
    name: "AWS Foundational Security Best Practices",
    version: "1.0.0",
    reference: "https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html",
} as const;

/** What every rule declares. */
export interface RuleSpec {
    /** `<service>-<resource>-<what>`, the rule's file name. */
    readonly name: string;
    /** One sentence; starts with the FSBP control id in brackets when one applies. */
    readonly description: string;
    /** FSBP control ids the rule implements, e.g. `["DynamoDB.2"]`. Empty for platform rules. */
    readonly controls: readonly string[];
    /** Mandatory for security and data safety, advisory for hygiene. */
    readonly level: Exclude<EnforcementLevel, "disabled" | "remediate">;
    readonly severity: Severity;
    /** Steps that make the resource pass, shown with every violation. */
    readonly remediation: string;
    readonly configSchema?: PolicyConfigSchema;
}

/** Context a check receives. */
export interface CheckContext {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly config: Record<string, any>;
    /** The `protect` resource option. */
    readonly protect: boolean;
}

/** A stack-level finding: a message and optionally the resource it concerns. */
export interface Finding {
    readonly urn?: string;
    readonly message: string;
}

function base(spec: RuleSpec) {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.level,
        severity: spec.severity,
        remediationSteps: spec.remediation,
        configSchema: spec.configSchema,
        ...(spec.controls.length ? { framework: { ...FSBP, specification: spec.controls.join(", ") } } : {}),
        tags: spec.controls.length ? ["fsbp", ...spec.controls] : ["platform"],
    };
}

/** `<name> (<type>)`, how messages name a resource. */
export function label(name: string, type: string): string {
    return `${name} (${type})`;
}

/**
 * A rule over resources of `types`. `check` returns what is wrong, one string per problem; each
 * becomes a violation naming the resource, with the remediation appended.
 */
export function resourceRule(spec: RuleSpec, types: readonly string[], check: (props: Record<string, any>, ctx: CheckContext) => string[]): ResourceValidationPolicy {
    return {
        ...base(spec),
        validateResource: (args: ResourceValidationArgs, report) => {
            if (!types.includes(args.type)) return;
            const config = args.getConfig<Record<string, any>>();
            for (const problem of check(args.props ?? {}, { type: args.type, name: args.name, urn: args.urn, config, protect: args.opts?.protect === true })) {
                report(`${label(args.name, args.type)}: ${problem}. Fix: ${spec.remediation}`);
            }
        },
    };
}

/** A rule over the whole stack; each finding becomes a violation with the remediation appended. */
export function stackRule(spec: RuleSpec, check: (resources: readonly PolicyResource[], config: Record<string, any>) => Finding[]): StackValidationPolicy {
    return {
        ...base(spec),
        validateStack: (args: StackValidationArgs, report) => {
            const config = args.getConfig<Record<string, any>>();
            for (const f of check(args.resources, config)) report(`${f.message}. Fix: ${spec.remediation}`, f.urn);
        },
    };
}

/** Resources of one of `types`. */
export function ofTypes(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
    return resources.filter(r => types.includes(r.type));
}

/** True only for the boolean `true` (absent, null and strings are not enabled). */
export function isTrue(v: unknown): boolean {
    return v === true;
}

/** A non-empty string, else undefined. */
export function str(v: unknown): string | undefined {
    return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** An array, or `[]` for anything else (absent, null, an object). */
export function list<T = any>(v: unknown): T[] {
    return Array.isArray(v) ? v : [];
}

/** The first element of a Terraform-style nested block, which the provider may give as an object or a one-element list. */
export function block(v: unknown): Record<string, any> | undefined {
    if (Array.isArray(v)) return v[0] && typeof v[0] === "object" ? v[0] : undefined;
    return v && typeof v === "object" ? (v as Record<string, any>) : undefined;
}

/** A resource's tags as a map: `tags`, or an `aws-native` user pool's `userPoolTags`; `{}` when neither is a map. */
export function tagsOf(props: Record<string, any>): Record<string, unknown> {
    const tags = props.tags ?? props.userPoolTags;
    return tags && typeof tags === "object" && !Array.isArray(tags) ? tags : {};
}

/** The `environment` tag of a resource (`tags` or `userPoolTags`, else `tagsAll`). */
export function environmentOf(props: Record<string, any>): string | undefined {
    return str(tagsOf(props).environment) ?? str(props.tagsAll?.environment);
}

/**
 * The user pool types rules check: @pulumi/aws's and `aws-native`'s (Cloud Control; the one with
 * multi-Region replication and customer-managed keys). Their properties differ in shape; rules
 * read them through {@link userPoolSettings}.
 */
export const USER_POOL_TYPES = ["aws:cognito/userPool:UserPool", "aws-native:cognito:UserPool"] as const;

/** What the pack checks of a user pool, read from either type's properties. */
export interface UserPoolSettings {
    readonly mfaConfiguration?: unknown;
    /** TOTP is offered (`softwareTokenMfaConfiguration.enabled`, or `SOFTWARE_TOKEN_MFA` in `enabledMfas`). */
    readonly totp: boolean;
    readonly deletionProtection?: unknown;
    readonly passwordPolicy?: Record<string, any>;
    readonly advancedSecurityMode?: unknown;
}

/** {@link UserPoolSettings} of a pool of one of {@link USER_POOL_TYPES}. */
export function userPoolSettings(type: string, props: Record<string, any>): UserPoolSettings {
    const native = type.startsWith("aws-native:");
    return {
        mfaConfiguration: props.mfaConfiguration,
        totp: native ? list(props.enabledMfas).includes("SOFTWARE_TOKEN_MFA") : block(props.softwareTokenMfaConfiguration)?.enabled === true,
        deletionProtection: props.deletionProtection,
        passwordPolicy: native ? block(block(props.policies)?.passwordPolicy) : block(props.passwordPolicy),
        advancedSecurityMode: block(props.userPoolAddOns)?.advancedSecurityMode,
    };
}

/** Schema of the `strictEnvironments` option rules share: environments held to production rules. */
export const strictEnvironmentsSchema: PolicyConfigSchema = {
    properties: {
        strictEnvironments: {
            type: "array", items: { type: "string" }, default: ["prod"],
            description: "Values of the `environment` tag held to production rules.",
        },
    },
};

/** Whether the resource is tagged with an environment held to production rules. */
export function isStrict(props: Record<string, any>, config: Record<string, any>): boolean {
    const env = environmentOf(props);
    return env !== undefined && list<string>(config.strictEnvironments ?? ["prod"]).includes(env);
}

/** One IAM statement, normalised: arrays everywhere. */
export interface Statement {
    readonly sid?: string;
    readonly effect: string;
    readonly actions: string[];
    readonly notActions: string[];
    readonly resources: string[];
    readonly principals: string[];
    readonly condition: Record<string, Record<string, unknown>>;
}

function asArray(v: unknown): string[] {
    if (typeof v === "string") return [v];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Statements of a policy document given as JSON text or an object; `[]` when it is neither. */
export function statements(doc: unknown): Statement[] {
    let parsed: any = doc;
    if (typeof doc === "string") {
        try {
            parsed = JSON.parse(doc);
        } catch {
            return [];
        }
    }
    const raw = parsed?.Statement;
    return (Array.isArray(raw) ? raw : raw ? [raw] : []).map((s: any) => ({
        sid: s?.Sid,
        effect: String(s?.Effect ?? ""),
        actions: asArray(s?.Action),
        notActions: asArray(s?.NotAction),
        resources: asArray(s?.Resource),
        principals: s?.Principal === "*" ? ["*"] : Object.values(s?.Principal ?? {}).flatMap(asArray),
        condition: s?.Condition && typeof s.Condition === "object" ? s.Condition : {},
    }));
}

/** Every policy document a resource carries: `policy`, role inline policies, trust policy excluded. */
export function policyDocuments(type: string, props: Record<string, any>): unknown[] {
    switch (type) {
        case "aws:iam/policy:Policy":
        case "aws:iam/rolePolicy:RolePolicy":
        case "aws:iam/userPolicy:UserPolicy":
        case "aws:iam/groupPolicy:GroupPolicy":
            return [props.policy];
        case "aws:iam/role:Role":
            return list(props.inlinePolicies).map((p: any) => p?.policy);
        default:
            return [];
    }
}

/** Types whose documents {@link policyDocuments} reads. */
export const IAM_POLICY_TYPES = [
    "aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy", "aws:iam/role:Role",
] as const;

/** The resources a property of `r` depends on (the engine's property dependencies). */
export function dependenciesOf(r: PolicyResource, property: string): PolicyResource[] {
    return list<PolicyResource>(r.propertyDependencies?.[property]);
}

/** The resource's own `region`, else undefined. */
export function regionOf(r: PolicyResource): string | undefined {
    return str(r.props?.region);
}

/** Whether IAM action pattern `pattern` (with `*` and `?`, case-insensitive) covers `action`. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return re.test(action);
}

/** Whether an Allow statement grants `action` (through Action, or through NotAction not excluding it). */
export function grants(s: Statement, action: string): boolean {
    if (s.effect !== "Allow") return false;
    if (s.notActions.length) return !s.notActions.some(p => actionMatches(p, action));
    return s.actions.some(p => actionMatches(p, action));
}

/**
 * Condition keys that bind a public (`*`) principal to this account or a known caller; a
 * statement carrying one of them is not public.
 */
export const SCOPING_CONDITION_KEYS = [
    "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:principalaccount", "aws:principalorgid",
    "aws:principalarn", "aws:sourcevpc", "aws:sourcevpce", "kms:calleraccount", "aws:principalservicename",
];

/** Allow statements open to any principal and not scoped by a condition (SNS.4, SQS.3, KMS.5). */
export function publicStatements(doc: unknown): Statement[] {
    return statements(doc).filter(s => s.effect === "Allow" && s.principals.includes("*") &&
        !Object.values(s.condition).some(kv => Object.keys(kv ?? {}).some(k => SCOPING_CONDITION_KEYS.includes(k.toLowerCase()))));
}

/** The latency routing region of a Route 53 record (v7 `latencyRoutingPolicies` list, or the older single block). */
export function latencyRegionOf(props: Record<string, any>): string | undefined {
    return str(block(props.latencyRoutingPolicies ?? props.latencyRoutingPolicy)?.region);
}

/** A value the provider may give as one string or a list of strings, as a list. */
export function strings(v: unknown): string[] {
    return typeof v === "string" ? [v] : list(v).filter((x): x is string => typeof x === "string");
}

/** Type tokens of the web console's resources the CloudFront and S3 rules read. */
export const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";
export const BUCKET = "aws:s3/bucket:Bucket";

/** A distribution's origins whose domain is an S3 REST endpoint (`<bucket>.s3[.<region>].amazonaws.com`), not a custom origin. */
export function s3OriginsOf(props: Record<string, any>): Record<string, any>[] {
    return list(props.origins).filter((o: any) => !block(o?.customOriginConfig) && /\.s3([.-][a-z0-9-]+)?\.amazonaws\.com$/.test(String(o?.domainName ?? "")));
}

/** Settings resources of `type` (ownership, public access block, versioning...) that name `bucket` through their `bucket` input. */
export function bucketSettings(resources: readonly PolicyResource[], type: string, bucket: PolicyResource): PolicyResource[] {
    return ofTypes(resources, type).filter(s => dependenciesOf(s, "bucket").some(d => d.urn === bucket.urn)
        || (str(s.props.bucket) !== undefined && (s.props.bucket === bucket.props.bucket || s.props.bucket === bucket.props.id)));
}

/**
 * Buckets that receive CloudFront standard logs (a distribution's `loggingConfig` depends on them):
 * the log delivery writes them with ACLs, objects are written once and expire, so the rules for
 * site buckets (versioning, replication) do not apply to them.
 */
export function cloudfrontLogBuckets(resources: readonly PolicyResource[]): PolicyResource[] {
    const urns = new Set(ofTypes(resources, DISTRIBUTION).flatMap(d => dependenciesOf(d, "loggingConfig").map(b => b.urn)));
    return ofTypes(resources, BUCKET).filter(b => urns.has(b.urn));
}
