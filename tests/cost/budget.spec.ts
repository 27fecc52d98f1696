/**
 * The cost-budget rules on the real plans: `platform:budget.monthlyFixedUsd` reaches the pack as the
 * stack output `budget`, the rules price the fixed cost from the resources they see (the same
 * figure `npm run cost` prints), prod is held to it (mandatory) and dev is warned (advisory).
 */
import { expect } from "chai";
import { costReport } from "../../policies/cost/model";
import { PROFILE } from "../../policies/cost/profile";
import { runPolicies } from "../../policies/offline";
import { platformCostBudget } from "../../policies/rules/platform-cost-budget";
import { platformCostBudgetAdvisory } from "../../policies/rules/platform-cost-budget-advisory";
import { policyInputs } from "../../scripts/lib/planModel";
import { costResources } from "../../scripts/lib/cost/stackCost";
import { planOf, usageWith } from "./helpers";

const rules = [platformCostBudget, platformCostBudgetAdvisory];
const short = (m: string) => m.replace(/\. Fix: .*$/s, "");

describe("cost-budget rules on the committed stacks", function () {
    this.timeout(120_000);

    it("carry the budget as the stack output the rules read", async () => {
        const plan = await planOf("prod", { "platform:budget": { monthlyFixedUsd: 100 } });
        expect(plan.outputs.budget).to.deep.equal({ monthlyFixedUsd: 100 });
        expect(plan.resources.find(r => r.type === "pulumi:pulumi:Stack")!.outputs.budget).to.deep.equal({ monthlyFixedUsd: 100 });
    });

    it("hold prod to its budget (mandatory), with the fixed cost npm run cost prints", async () => {
        const plan = await planOf("prod", { "platform:budget": { monthlyFixedUsd: 100 } });
        const fixed = costReport({ resources: costResources(plan), usage: usageWith(), profile: PROFILE }).fixedMonthlyUsd;
        expect(fixed).to.be.greaterThan(100);
        const violations = await runPolicies(rules, policyInputs(plan));
        expect(violations.map(v => [v.policy, v.level])).to.deep.equal([["platform-cost-budget", "mandatory"]]);
        expect(short(violations[0].message)).to.match(new RegExp(`^fixed monthly cost \\$${fixed.toFixed(2).replace(".", "\\.")} is over platform:budget\\.monthlyFixedUsd \\$100\\.00 \\(us-east-1 \\$\\d+\\.\\d\\d, `));
        expect(await runPolicies(rules, policyInputs(await planOf("prod", { "platform:budget": { monthlyFixedUsd: Math.ceil(fixed) } })))).to.deep.equal([]);
    });

    it("warn dev (advisory) and never block it", async () => {
        const violations = await runPolicies(rules, policyInputs(await planOf("dev", { "platform:budget": { monthlyFixedUsd: 10 } })));
        expect(violations.map(v => [v.policy, v.level])).to.deep.equal([["platform-cost-budget-advisory", "advisory"]]);
    });

    it("check nothing when the stack sets no budget", async () => {
        expect(await runPolicies(rules, policyInputs(await planOf("prod")))).to.deep.equal([]);
        expect(await runPolicies(rules, policyInputs(await planOf("dev")))).to.deep.equal([]);
    });
});
