/**
 * The model keeps up with the program: every resource type of the committed plans is priced or
 * listed as free with a reason, and a type the model does not know stops the cost report and the
 * budget policy instead of being priced at zero.
 */
import { expect } from "chai";
import { costReport, isCloudResource, NotPricedError, TYPE_PRICING, unpricedTypes } from "../../policies/cost/model";
import { PROFILE } from "../../policies/cost/profile";
import { runPolicies } from "../../policies/offline";
import { platformCostBudget } from "../../policies/rules/platform-cost-budget";
import { policyInputs } from "../../scripts/lib/planModel";
import { costResources } from "../../scripts/lib/cost/stackCost";
import { planOf, usageWith } from "./helpers";

describe("cost model coverage", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`prices or lists as free every resource type of the ${stack} plan`, async () => {
            const types = [...new Set((await planOf(stack)).resources.map(r => r.type))];
            expect(unpricedTypes(types)).to.deep.equal([]);
            for (const t of types.filter(isCloudResource)) {
                const entry = TYPE_PRICING[t];
                const why = "priced" in entry ? entry.priced : entry.free;
                expect(why, t).to.be.a("string").with.length.above(10);
            }
        });
    }

    it("fails on a resource type it does not know, in the report and in the budget policy", async () => {
        const plan = await planOf("prod", { "platform:budget": { monthlyFixedUsd: 100 } });
        const bucket = { ...plan.resources.find(r => r.type === "aws:kms/key:Key")!, urn: "urn:pulumi:prod::platform::aws:s3/bucketV2:BucketV2::console", type: "aws:s3/bucketV2:BucketV2", name: "console" };
        const grown = { ...plan, resources: [...plan.resources, bucket] };
        expect(unpricedTypes(grown.resources.map(r => r.type))).to.deep.equal(["aws:s3/bucketV2:BucketV2"]);
        expect(() => costReport({ resources: costResources(grown), usage: usageWith(), profile: PROFILE }))
            .to.throw(NotPricedError, "the cost model does not know these resource types: aws:s3/bucketV2:BucketV2");
        const violations = await runPolicies([platformCostBudget], policyInputs(grown));
        expect(violations.map(v => [v.level, v.message.replace(/\. Fix: .*$/s, "")])).to.deep.equal([
            ["mandatory", "cannot check the budget of $100.00 a month: the cost model does not price aws:s3/bucketV2:BucketV2"],
        ]);
    });
});
