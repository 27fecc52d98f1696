/**
 * A production stack stays within its cost budget: the fixed monthly cost the cost model prices
 * from the plan (what the stack costs with no traffic) is at most `platform:budget.monthlyFixedUsd`.
 * Other environments get the same check as a warning (platform-cost-budget-advisory).
 */
import { budgetFindings } from "../cost/budget";
import { list, stackRule, strictEnvironmentsSchema } from "./lib";

/** What to do about a stack over its budget. */
export const BUDGET_REMEDIATION = "see the fixed cost line by line with `npm run cost -- --stack <name>` and remove what is not needed (regions, 10 s or latency-measuring health checks, web ACL rules, alarms), or raise platform:budget.monthlyFixedUsd";

export const platformCostBudget = stackRule({
    name: "platform-cost-budget",
    description: "Stacks tagged with a production environment keep the fixed monthly cost the cost model prices from the plan within platform:budget.monthlyFixedUsd.",
    controls: [],
    level: "mandatory",
    severity: "medium",
    remediation: BUDGET_REMEDIATION,
    configSchema: strictEnvironmentsSchema,
}, (resources, config) => budgetFindings(resources, list<string>(config.strictEnvironments ?? ["prod"]), true));
