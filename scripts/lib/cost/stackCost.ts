/**
 * Prices a stack from its offline plan: the same program evaluation as `npm run plan`
 * (runProgram + buildPlan, in this process), the cost model of policies/cost, and the marginal
 * region: the same stack evaluated again with one more region, priced, and subtracted.
 */
import { ConfigError } from "../../../config";
import { CostReport, CostResource, costReport } from "../../../policies/cost/model";
import { PROFILE, RequestProfile } from "../../../policies/cost/profile";
import type { Usage } from "../../../policies/cost/usage";
import { buildPlan, Plan } from "../planModel";
import { runProgram } from "../runProgram";
import type { StackConfig } from "../stackConfig";

/** Regions tried, in order, as the one more region (the first the stack does not use). */
export const MARGINAL_REGION_CANDIDATES = ["us-west-2", "eu-central-1", "ap-southeast-1", "us-east-2", "eu-west-2", "ap-northeast-1", "ca-central-1", "ap-southeast-2"];

/** What one more region adds, or why it cannot be computed. */
export type MarginalRegion =
    | { readonly region: string; readonly fixedMonthlyUsd: number; readonly perMillionRequestsUsd: number; readonly storageMonthlyUsd: number }
    | { readonly region: null; readonly reason: string };

/** A priced stack. */
export interface StackCost {
    readonly stack: string;
    readonly report: CostReport;
    readonly marginalRegion: MarginalRegion;
    /** `platform:budget.monthlyFixedUsd`, when set. */
    readonly budgetMonthlyFixedUsd?: number;
}

/** The model's view of a plan's resources: what the mocks answered (inputs plus computed ids), as policies see them. */
export function costResources(plan: Plan): CostResource[] {
    return plan.resources.map(r => ({ urn: r.urn, type: r.type, name: r.name, region: r.region, inputs: r.outputs }));
}

/** Evaluates the program offline for `config` and returns the plan. Throws ConfigError for invalid config. */
export async function offlinePlan(stack: string, config: StackConfig): Promise<Plan> {
    return buildPlan(await runProgram({ stack, config: config.config, secretKeys: config.secretKeys, project: config.project }));
}

/** `config` with `region` appended to `platform:regions`. */
export function withRegion(config: StackConfig, region: string): StackConfig {
    const key = `${config.project}:regions`;
    const regions = JSON.parse(config.config[key] ?? "[]") as string[];
    return { ...config, config: { ...config.config, [key]: JSON.stringify([...regions, region]) } };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** Prices `stack` (and the stack with one more region). `marginal` names that region, else the first free candidate. */
export async function priceStack(stack: string, config: StackConfig, usage: Usage, o: { marginal?: string; profile?: RequestProfile } = {}): Promise<StackCost> {
    const profile = o.profile ?? PROFILE;
    const plan = await offlinePlan(stack, config);
    const report = costReport({ resources: costResources(plan), usage, profile });
    const budget = (plan.outputs.budget as { monthlyFixedUsd?: number } | undefined)?.monthlyFixedUsd;
    const extra = o.marginal ?? MARGINAL_REGION_CANDIDATES.find(r => !report.stackRegions.includes(r));
    let marginalRegion: MarginalRegion;
    if (!extra) {
        marginalRegion = { region: null, reason: "every candidate region is already in the stack" };
    } else if (report.stackRegions.includes(extra)) {
        marginalRegion = { region: null, reason: `${extra} is already a region of the stack` };
    } else {
        try {
            const bigger = costReport({ resources: costResources(await offlinePlan(stack, withRegion(config, extra))), usage, profile });
            marginalRegion = {
                region: extra,
                fixedMonthlyUsd: round(bigger.fixedMonthlyUsd - report.fixedMonthlyUsd),
                perMillionRequestsUsd: round(bigger.perMillionRequestsUsd - report.perMillionRequestsUsd),
                storageMonthlyUsd: round(bigger.storageMonthlyUsd - report.storageMonthlyUsd),
            };
        } catch (e) {
            if (!(e instanceof ConfigError)) throw e;
            marginalRegion = { region: null, reason: `the stack's config does not allow ${extra} as one more region: ${e.problems.join("; ")}` };
        }
    }
    return { stack, report, marginalRegion, ...(typeof budget === "number" ? { budgetMonthlyFixedUsd: budget } : {}) };
}
