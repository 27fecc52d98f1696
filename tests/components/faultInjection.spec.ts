/**
 * The outage drills on AWS (`platform:drills.fis`): per region an FIS experiment template pausing
 * replication of that region's replica and one draining the region, each stopped by the region's
 * API alarms, with a role scoped to this stack; off by default; the plan with them passes the pack.
 */
import { expect } from "chai";
import { byName, ofType, runStack } from "../helpers/pulumiMocks";
import type { ProgramRun } from "../../scripts/lib/runProgram";
import { buildPlan, policyInputs } from "../../scripts/lib/planModel";
import { runPolicies } from "../../policies/offline";
import { policies } from "../../policies/rules";
import { buildDrainDocument } from "../../components/faultInjection";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"];
const ACCOUNT = "123456789012";

describe("FaultInjection (prod stack with platform:drills.fis)", function () {
    this.timeout(120_000);
    let run: ProgramRun;
    before(async () => { run = await runStack("prod", { drills: { fis: true } }); });

    const alarmArn = (region: string, id: string) => byName(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm", `ops-${region}-${id}`).state.arn;

    for (const region of REGIONS) {
        it(`${region}: pauses replication of its own replica for 10 minutes, stopped by its API alarms`, () => {
            const t = byName(run.resources, "aws:fis/experimentTemplate:ExperimentTemplate", `drills-${region}-pause-replication`).inputs;
            expect(t.region).to.equal(region);
            expect(t.stopConditions).to.deep.equal([
                { source: "aws:cloudwatch:alarm", value: alarmArn(region, "api-5xx-rate") },
                { source: "aws:cloudwatch:alarm", value: alarmArn(region, "api-latency-p99") },
            ]);
            expect(t.targets).to.deep.equal([{ name: "replica", resourceType: "aws:dynamodb:global-table", resourceArns: [`arn:aws:dynamodb:${region}:${ACCOUNT}:table/platform-prod`], selectionMode: "ALL" }]);
            expect(t.actions).to.deep.equal([{ name: "pause-replication", actionId: "aws:dynamodb:global-table-pause-replication", parameters: [{ key: "duration", value: "PT10M" }], target: { key: "Tables", value: "replica" } }]);
        });

        it(`${region}: drains the region through its SSM document, holds, undrains it`, () => {
            const t = byName(run.resources, "aws:fis/experimentTemplate:ExperimentTemplate", `drills-${region}-region-outage`).inputs;
            const doc = byName(run.resources, "aws:ssm/document:Document", `drills-${region}-drain`);
            expect(doc.inputs).to.deep.include({ region, documentType: "Automation", documentFormat: "JSON" });
            expect(JSON.parse(doc.inputs.content)).to.deep.equal(buildDrainDocument("platform-prod"));
            expect(t.actions.map((a: any) => [a.name, a.actionId, a.startAfters ?? []])).to.deep.equal([
                ["drain", "aws:ssm:start-automation-execution", []], ["hold", "aws:fis:wait", ["drain"]], ["undrain", "aws:ssm:start-automation-execution", ["hold"]],
            ]);
            const params = (name: string) => Object.fromEntries(t.actions.find((a: any) => a.name === name).parameters.map((p: any) => [p.key, p.value]));
            expect(JSON.parse(params("drain").documentParameters)).to.deep.include({ Region: region, Drained: true });
            expect(JSON.parse(params("undrain").documentParameters)).to.deep.include({ Region: region, Drained: false });
            expect(params("drain").documentArn).to.equal(doc.state.arn);
            expect(t.stopConditions).to.have.length(2);
        });
    }

    it("the experiment role reaches this stack's replicas, its drain documents and the automation role only", () => {
        const policy = JSON.parse(byName(run.resources, "aws:iam/rolePolicy:RolePolicy", "drills-policy").inputs.policy);
        expect(policy.Statement.find((s: any) => s.Sid === "PauseReplication").Resource).to.deep.equal(REGIONS.map(r => `arn:aws:dynamodb:${r}:${ACCOUNT}:table/platform-prod`));
        expect(policy.Statement.find((s: any) => s.Sid === "PassAutomationRole")).to.deep.include({ Action: ["iam:PassRole"], Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } } });
        expect(JSON.parse(byName(run.resources, "aws:iam/role:Role", "drills-role").inputs.assumeRolePolicy).Statement[0]).to.deep.include({ Principal: { Service: "fis.amazonaws.com" } });
        const automation = JSON.parse(byName(run.resources, "aws:iam/rolePolicy:RolePolicy", "drills-automation-policy").inputs.policy);
        expect(automation.Statement).to.deep.equal([{
            Sid: "DrainFlags", Effect: "Allow", Action: ["dynamodb:PutItem"], Resource: REGIONS.map(r => `arn:aws:dynamodb:${r}:${ACCOUNT}:table/platform-prod`),
            Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["CONTROL"] }, Null: { "dynamodb:LeadingKeys": "false" } },
        }]);
    });

    it("the plan with the drills passes every rule of the policy pack", async () => {
        const violations = await runPolicies(policies, policyInputs(buildPlan(run)));
        expect(violations.map(v => `${v.policy}: ${v.message}`)).to.deep.equal([]);
    });

    it("is off by default: the committed stacks create no experiment template", async () => {
        const plain = await runStack("dev");
        expect(ofType(plain.resources, "aws:fis/experimentTemplate:ExperimentTemplate")).to.have.length(0);
    });
});
