/** The committed stacks' offline plans (evaluated once per process) and usage built from overrides. */
import { stringify } from "yaml";
import type { Plan } from "../../scripts/lib/planModel";
import { offlinePlan } from "../../scripts/lib/cost/stackCost";
import { readStackConfig, stackFilePath, StackConfig } from "../../scripts/lib/stackConfig";
import { loadUsage, Usage } from "../../policies/cost/usage";

const plans = new Map<string, Promise<Plan>>();

/** The plan of `Pulumi.<stack>.yaml`, with `extra` config (`platform:<key>` -> value) laid over it. */
export function planOf(stack: "dev" | "prod", extra: Record<string, unknown> = {}): Promise<Plan> {
    const key = `${stack} ${JSON.stringify(extra)}`;
    if (!plans.has(key)) plans.set(key, offlinePlan(stack, withConfig(readStackConfig(stackFilePath(stack)), extra)));
    return plans.get(key)!;
}

function withConfig(config: StackConfig, extra: Record<string, unknown>): StackConfig {
    const flat = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    return { ...config, config: { ...config.config, ...flat } };
}

/** The checked-in usage defaults with `over` laid over them (as `--usage FILE` would). */
export function usageWith(over: Record<string, unknown> = {}): Usage {
    return loadUsage(stringify(over));
}
