/**
 * The cost-budget check both budget rules run: the stack's fixed monthly cost, priced by the cost
 * model from the resources the pack sees, against `platform:budget.monthlyFixedUsd` (which reaches
 * the pack as the stack output `budget`: CrossGuard stack policies see each resource's outputs,
 * the stack's included).
 */
import type { PolicyResource } from "@pulumi/policy";
import { CostResource, costReport, isCloudResource, NotPricedError, unpricedTypes } from "./model";
import { PROFILE } from "./profile";
import { loadUsage, Usage } from "./usage";

/** A finding of a budget rule (the rules' `Finding` shape). */
export interface BudgetFinding {
    readonly urn?: string;
    readonly message: string;
}

let defaults: Usage | undefined;

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The `environment` tag the stack's resources carry (every resource gets the same tags), else undefined. */
export function stackEnvironment(resources: readonly PolicyResource[]): string | undefined {
    for (const r of resources) {
        if (!r.type.startsWith("aws:")) continue;
        const env = r.props.tags?.environment;
        if (typeof env === "string" && env.length > 0) return env;
    }
    return undefined;
}

/**
 * Findings for stacks whose environment is (`strict` true) or is not (`strict` false) one of
 * `strictEnvironments`; nothing when the stack sets no budget.
 */
export function budgetFindings(resources: readonly PolicyResource[], strictEnvironments: readonly string[], strict: boolean): BudgetFinding[] {
    const stack = resources.find(r => r.type === "pulumi:pulumi:Stack" && !r.parent);
    const limit = stack?.props.budget?.monthlyFixedUsd;
    if (!stack || typeof limit !== "number") return [];
    const env = stackEnvironment(resources);
    if ((env !== undefined && strictEnvironments.includes(env)) !== strict) return [];
    const priced: CostResource[] = resources.filter(r => isCloudResource(r.type))
        .map(r => ({ urn: r.urn, type: r.type, name: r.name, region: typeof r.props.region === "string" ? r.props.region : null, inputs: r.props }));
    const unknown = unpricedTypes(priced.map(r => r.type));
    if (unknown.length > 0) return [{ urn: stack.urn, message: `cannot check the budget of ${usd(limit)} a month: the cost model does not price ${unknown.join(", ")}` }];
    let fixed: number;
    let byRegion: [string, number][];
    try {
        const report = costReport({ resources: priced, usage: defaults ??= loadUsage(), profile: PROFILE, fixedOnly: true });
        fixed = report.fixedMonthlyUsd;
        byRegion = [...Object.entries(report.regions).map(([r, t]) => [r, t.fixedMonthlyUsd] as [string, number]), ["global", report.global.fixedMonthlyUsd]];
    } catch (e) {
        if (!(e instanceof NotPricedError)) throw e;
        return [{ urn: stack.urn, message: `cannot check the budget of ${usd(limit)} a month: ${e.message}` }];
    }
    if (fixed <= limit) return [];
    const parts = byRegion.filter(([, v]) => v > 0).sort(([, a], [, b]) => b - a).map(([r, v]) => `${r} ${usd(v)}`);
    return [{ urn: stack.urn, message: `fixed monthly cost ${usd(fixed)} is over platform:budget.monthlyFixedUsd ${usd(limit)} (${parts.join(", ")})` }];
}
