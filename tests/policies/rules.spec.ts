import { expect } from "chai";
// The sentinels the pack server puts where a value is unknown during preview (not in the typings).
const { unknownStringValue, unknownObjectValue } = require("@pulumi/policy/proxy") as { unknownStringValue: unknown; unknownObjectValue: unknown };
import { policies } from "../../policies/rules";
import { CASES } from "./cases";
import { messagesOf, violationsOf } from "./harness";

describe("policy pack rules", () => {
    it("has pass, fail and absent cases for exactly the rules in the pack", () => {
        expect(Object.keys(CASES).sort()).to.deep.equal(policies.map(p => p.name).sort());
    });

    it("names every rule <service>-<resource>-<what>, with a description, level, remediation and its FSBP controls", () => {
        for (const p of policies) {
            expect(p.name, p.name).to.match(/^[a-z0-9]+-[a-z0-9]+-[a-z0-9-]+$/);
            expect(p.enforcementLevel, p.name).to.be.oneOf(["mandatory", "advisory"]);
            expect(p.remediationSteps, p.name).to.be.a("string").and.not.empty;
            for (const control of (p.framework?.specification ?? "").split(", ").filter(Boolean)) {
                expect(p.description, p.name).to.contain(`[${control}]`);
            }
        }
    });

    for (const policy of policies) {
        describe(policy.name, () => {
            const cases = CASES[policy.name];
            it("passes a compliant resource", async () => {
                expect(await messagesOf(policy, cases.pass, cases.config)).to.deep.equal([]);
            });
            it("fails a non-compliant resource, naming it", async () => {
                const violations = await violationsOf(policy, cases.fail.fixtures, cases.config);
                expect(violations.map(v => v.message.replace(/\. Fix: .*$/s, ""))).to.deep.equal(cases.fail.messages);
                expect(violations.every(v => v.level === policy.enforcementLevel && v.message.includes(`Fix: ${policy.remediationSteps}`))).to.equal(true);
            });
            it("handles the property-absent case", async () => {
                expect(await messagesOf(policy, cases.absent.fixtures, cases.config)).to.deep.equal(cases.absent.messages);
            });
            it("turns values unknown during preview into an advisory, never a crash", async () => {
                const fixtures = cases.fail.fixtures.map(f => ({ ...f, props: Object.fromEntries(Object.keys(f.props).map(k => [k, typeof f.props[k] === "object" ? unknownObjectValue : unknownStringValue])) }));
                const violations = await violationsOf(policy, fixtures, cases.config);
                const unknown = violations.filter(v => v.message.startsWith("can't run during preview"));
                expect(unknown.every(v => v.level === "advisory")).to.equal(true);
            });
        });
    }
});
