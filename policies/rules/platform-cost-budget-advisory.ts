/** The cost budget of stacks outside the production environments, as a warning (see platform-cost-budget). */
import { budgetFindings } from "../cost/budget";
import { list, stackRule, strictEnvironmentsSchema } from "./lib";
import { BUDGET_REMEDIATION } from "./platform-cost-budget";

export const platformCostBudgetAdvisory = stackRule({
    name: "platform-cost-budget-advisory",
    description: "Stacks of other environments (dev) keep the fixed monthly cost the cost model prices from the plan within platform:budget.monthlyFixedUsd; reported as a warning.",
    controls: [],
    level: "advisory",
    severity: "low",
    remediation: BUDGET_REMEDIATION,
    configSchema: strictEnvironmentsSchema,
}, (resources, config) => budgetFindings(resources, list<string>(config.strictEnvironments ?? ["prod"]), false));
