/**
 * Runs the pack's rules without the Pulumi CLI, over resources recorded by the offline plan or by
 * tests, building the same arguments @pulumi/policy hands rules during `pulumi preview`.
 *
 * Importing this module never starts the policy pack's gRPC server: only policies/index.ts does.
 */
import type {
    Policy, PolicyResource, PolicyResourceOptions, ReportViolation, ResourceValidationArgs,
    ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy,
} from "@pulumi/policy";
import { unknownCheckingProxy, UnknownValueError } from "@pulumi/policy";

/** A resource as the offline runner sees it. */
export interface OfflineResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly props: Record<string, any>;
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    /** Input name -> URNs of the resources it depends on (what the engine passes as `propertyDependencies`). */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** One reported violation. */
export interface Violation {
    readonly policy: string;
    readonly level: "advisory" | "mandatory" | "remediate";
    readonly urn?: string;
    readonly message: string;
}

/** Options of {@link runPolicies}. */
export interface RunPoliciesOptions {
    /** Per-policy config overrides, like a pack config file. */
    readonly config?: Record<string, Record<string, unknown>>;
    readonly stackTags?: ReadonlyMap<string, string>;
}

class NotApplicable extends Error {}

/** Config a policy sees: its schema's defaults overlaid with `overrides`. */
export function policyConfig(policy: Policy, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const defaults: Record<string, unknown> = {};
    for (const [k, v] of Object.entries<any>(policy.configSchema?.properties ?? {})) {
        if (v && typeof v === "object" && "default" in v) defaults[k] = v.default;
    }
    return { ...defaults, ...overrides };
}

function options(r: OfflineResource): PolicyResourceOptions {
    return {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        parent: r.parent,
    } as PolicyResourceOptions;
}

/** Builds what `validateResource` receives for `r`. */
export function resourceArgs(r: OfflineResource, config: Record<string, unknown>, stackTags: ReadonlyMap<string, string> = new Map()): ResourceValidationArgs {
    return {
        type: r.type,
        props: unknownCheckingProxy(r.props),
        urn: r.urn,
        name: r.name,
        opts: options(r),
        stackTags,
        isType: (cls: any) => cls.__pulumiType === r.type,
        asType: (cls: any) => (cls.__pulumiType === r.type ? r.props : undefined) as any,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => { throw new NotApplicable(reason); },
    };
}

/** Builds the `PolicyResource` list a stack policy receives. */
export function policyResources(resources: readonly OfflineResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const list = resources.map(r => {
        const pr: PolicyResource = {
            type: r.type, props: unknownCheckingProxy(r.props), urn: r.urn, name: r.name, opts: options(r),
            dependencies: [], propertyDependencies: {},
            isType: (cls: any) => cls.__pulumiType === r.type,
            asType: (cls: any) => (cls.__pulumiType === r.type ? r.props : undefined) as any,
        } as PolicyResource;
        byUrn.set(r.urn, pr);
        return pr;
    });
    resources.forEach((r, i) => {
        const pr = list[i] as any;
        if (r.parent) pr.parent = byUrn.get(r.parent);
        const deps = new Set<PolicyResource>();
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            const resolved = urns.map(u => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined);
            pr.propertyDependencies[key] = resolved;
            resolved.forEach(d => deps.add(d));
        }
        pr.dependencies = [...deps];
    });
    return list;
}

/** Builds what `validateStack` receives. */
export function stackArgs(resources: readonly OfflineResource[], config: Record<string, unknown>, stackTags: ReadonlyMap<string, string> = new Map()): StackValidationArgs {
    return {
        resources: policyResources(resources),
        stackTags,
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => { throw new NotApplicable(reason); },
    };
}

function levelOf(p: Policy): Violation["level"] | undefined {
    const level = p.enforcementLevel ?? "advisory";
    return level === "disabled" ? undefined : level;
}

/** Runs one validation the way the pack server does: not-applicable is silent, an unknown value an advisory. */
async function guard(run: () => Promise<void> | void, onUnknown: (message: string) => void): Promise<void> {
    try {
        await run();
    } catch (e) {
        if (e instanceof UnknownValueError) onUnknown(`can't run during preview: ${(e as Error).message}`);
        else if (!(e instanceof NotApplicable)) throw e;
    }
}

/** Runs every policy over `resources` and returns the violations, in policy then resource order. */
export async function runPolicies(policies: readonly Policy[], resources: readonly OfflineResource[], opts: RunPoliciesOptions = {}): Promise<Violation[]> {
    const violations: Violation[] = [];
    for (const policy of policies) {
        const level = levelOf(policy);
        if (!level) continue;
        const config = policyConfig(policy, opts.config?.[policy.name]);
        const report = (urn?: string): ReportViolation => (message, violationUrn) =>
            violations.push({ policy: policy.name, level, urn: violationUrn ?? urn, message });
        if ("validateResource" in policy && policy.validateResource) {
            const validations = ([] as any[]).concat((policy as ResourceValidationPolicy).validateResource);
            for (const r of resources) {
                const unknown = (message: string) => violations.push({ policy: policy.name, level: "advisory", urn: r.urn, message });
                for (const v of validations) await guard(() => v(resourceArgs(r, config, opts.stackTags), report(r.urn)), unknown);
            }
        }
        if ("validateStack" in policy) {
            const unknown = (message: string) => violations.push({ policy: policy.name, level: "advisory", message });
            await guard(() => (policy as StackValidationPolicy).validateStack(stackArgs(resources, config, opts.stackTags), report()), unknown);
        }
    }
    return violations;
}
