/** ApprovalWorkflow per region and the approval API's grants, under the prod stack config. */
import { expect } from "chai";
import { byName, MOCK_ACCOUNT_ID, ofType, runStack } from "../helpers/pulumiMocks";
import type { ProgramRun } from "../../scripts/lib/runProgram";
import { buildApprovalDefinition } from "../../components/logic/approvalDefinition";
import { validateApprovalWorkflowArgs } from "../../components/approvalWorkflow";

const REGIONS = ["us-east-1", "eu-west-1", "ap-northeast-2"];
const ACCT = MOCK_ACCOUNT_ID;
const tableArn = (region: string) => `arn:aws:dynamodb:${region}:${ACCT}:table/platform-prod`;
const machineArn = (region: string) => `arn:aws:states:${region}:${ACCT}:stateMachine:platform-prod-${region}-approval`;

describe("ApprovalWorkflow (prod stack)", () => {
    let run: ProgramRun;
    before(async () => { run = await runStack("prod"); });

    it("creates one Standard state machine, one topic and two functions per region, and no more", () => {
        const machines = ofType(run.resources, "aws:sfn/stateMachine:StateMachine");
        expect(machines.map(m => [m.inputs.region, m.inputs.name, m.inputs.type])).to.deep.equal(REGIONS.map(r => [r, `platform-prod-${r}-approval`, "STANDARD"]));
        expect(ofType(run.resources, "aws:sns/topic:Topic").filter(t => /approval/.test(t.name)).map(t => t.inputs.region)).to.deep.equal(REGIONS);
        for (const region of REGIONS) {
            const fns = ofType(run.resources, "aws:lambda/function:Function").filter(f => f.inputs.region === region && /approval-/.test(f.inputs.name));
            expect(fns.map(f => f.inputs.name)).to.have.members([`platform-prod-${region}-approval-notify`, `platform-prod-${region}-approval-worker`]);
        }
    });

    for (const region of REGIONS) {
        describe(region, () => {
            const r = (type: string, name: string) => byName(run.resources, type, `approval-${region}-${name}`);

            it("runs the definition built by buildApprovalDefinition with this region's functions and the 72 h timeout", () => {
                const machine = r("aws:sfn/stateMachine:StateMachine", "machine");
                expect(machine.state.arn).to.equal(machineArn(region));
                expect(JSON.parse(machine.inputs.definition)).to.deep.equal(buildApprovalDefinition({
                    notifyFunctionArn: r("aws:lambda/function:Function", "notify").state.arn,
                    workerFunctionArn: r("aws:lambda/function:Function", "worker").state.arn,
                    timeoutSeconds: 72 * 3600,
                }));
            });

            it("logs ERROR without execution data to a KMS-encrypted vended-logs group, and traces", () => {
                const machine = r("aws:sfn/stateMachine:StateMachine", "machine").inputs;
                const logs = r("aws:cloudwatch/logGroup:LogGroup", "logs");
                expect(machine.loggingConfiguration).to.deep.equal({ level: "ERROR", includeExecutionData: false, logDestination: `${logs.state.arn}:*` });
                expect(machine.tracingConfiguration).to.deep.equal({ enabled: true });
                expect(logs.inputs).to.deep.include({ region, name: `/aws/vendedlogs/states/platform-prod-${region}-approval`, retentionInDays: 365 });
                expect(logs.inputs.kmsKeyId).to.equal(byName(run.resources, "aws:kms/key:Key", `api-${region}-logs-key`).state.arn);
            });

            it("lets the state machine invoke exactly its two functions, trusted only for this state machine", () => {
                const role = r("aws:iam/role:Role", "role").inputs;
                expect(JSON.parse(role.assumeRolePolicy)).to.deep.equal({
                    Version: "2012-10-17",
                    Statement: [{
                        Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole",
                        Condition: { StringEquals: { "aws:SourceAccount": ACCT }, ArnLike: { "aws:SourceArn": machineArn(region) } },
                    }],
                });
                const policy = JSON.parse(r("aws:iam/rolePolicy:RolePolicy", "policy").inputs.policy);
                expect(policy.Statement[0]).to.deep.equal({
                    Sid: "InvokeSteps", Effect: "Allow", Action: ["lambda:InvokeFunction"],
                    Resource: [`arn:aws:lambda:${region}:${ACCT}:function:platform-prod-${region}-approval-notify`, `arn:aws:lambda:${region}:${ACCT}:function:platform-prod-${region}-approval-worker`],
                });
                const actions = policy.Statement.flatMap((s: any) => s.Action);
                expect(actions.filter((a: string) => !/^(logs|xray):/.test(a))).to.deep.equal(["lambda:InvokeFunction"]);
            });

            it("encrypts the approvers' topic with its own key, lets only the notifier publish, and subscribes the configured approvers", () => {
                const topic = r("aws:sns/topic:Topic", "topic");
                const key = r("aws:kms/key:Key", "topic-key");
                expect(key.inputs.region).to.equal(region);
                expect(topic.inputs.kmsMasterKeyId).to.equal(key.state.arn);
                const policy = JSON.parse(r("aws:sns/topicPolicy:TopicPolicy", "topic-policy").inputs.policy);
                const allows = policy.Statement.filter((s: any) => s.Effect === "Allow");
                expect(allows.map((s: any) => [s.Principal, s.Action])[0]).to.deep.equal([{ AWS: r("aws:iam/role:Role", "notify-role").state.arn }, "sns:Publish"]);
                expect(allows.every((s: any) => s.Principal !== "*" && s.Principal.AWS !== "*")).to.equal(true);
                expect(policy.Statement.find((s: any) => s.Sid === "TlsOnly")).to.deep.include({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
                const subs = ofType(run.resources, "aws:sns/topicSubscription:TopicSubscription").filter(s => s.inputs.topic === topic.state.arn);
                expect(subs.map(s => [s.inputs.protocol, s.inputs.endpoint])).to.deep.equal([["email", "ops@example.com"]]);
            });

            it("grants the notifier its request rows, publish on its topic and the topic key, nothing else", () => {
                const policy = JSON.parse(r("aws:iam/rolePolicy:RolePolicy", "notify-policy").inputs.policy);
                expect(policy.Statement.slice(0, 3)).to.deep.equal([
                    {
                        Sid: "Requests", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: [tableArn(region)],
                        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["REQUEST#*"] }, Null: { "dynamodb:LeadingKeys": "false" } },
                    },
                    { Sid: "NotifyApprovers", Effect: "Allow", Action: ["sns:Publish"], Resource: [r("aws:sns/topic:Topic", "topic").state.arn] },
                    { Sid: "EncryptMessages", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [r("aws:kms/key:Key", "topic-key").state.arn] },
                ]);
                const fn = r("aws:lambda/function:Function", "notify").inputs;
                expect(fn.environment.variables).to.deep.include({ APPROVERS_TOPIC_ARN: r("aws:sns/topic:Topic", "topic").state.arn, DECIDE_URL: "https://api.example.com" });
            });

            it("grants the worker its request rows, the published copy, the requester's notice and the release of the open-request pointer, in this region only", () => {
                const policy = JSON.parse(r("aws:iam/rolePolicy:RolePolicy", "worker-policy").inputs.policy);
                const only = (prefixes: string[]) => ({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": prefixes }, Null: { "dynamodb:LeadingKeys": "false" } });
                expect(policy.Statement.filter((s: any) => s.Action.some((a: string) => a.startsWith("dynamodb:")))).to.deep.equal([
                    {
                        Sid: "Workflow", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], Resource: [tableArn(region)],
                        Condition: only(["REQUEST#*", "PUBLISHED#*", "USER#*"]),
                    },
                    { Sid: "ReleaseOpenRequest", Effect: "Allow", Action: ["dynamodb:DeleteItem"], Resource: [tableArn(region)], Condition: only(["OPENREQUEST#*"]) },
                    { Sid: "SupersedeQueue", Effect: "Allow", Action: ["dynamodb:Query"], Resource: [`${tableArn(region)}/index/gsi1`], Condition: only([`APPROVAL#SUPERSEDE#*`]) },
                ]);
                expect(policy.Statement.find((s: any) => s.Sid === "SupersedeExecutions")).to.deep.equal({ Sid: "SupersedeExecutions", Effect: "Allow", Action: ["states:SendTaskSuccess"], Resource: [machineArn(region)] });
            });

            it("runs the worker's reconcile step every 5 minutes (EventBridge), the rule alone allowed to invoke it", () => {
                const rule = r("aws:cloudwatch/eventRule:EventRule", "reconcile");
                expect(rule.inputs).to.deep.include({ region, name: `platform-prod-${region}-approval-reconcile`, scheduleExpression: "rate(5 minutes)" });
                const target = r("aws:cloudwatch/eventTarget:EventTarget", "reconcile-target").inputs;
                expect(target).to.deep.include({ region, rule: rule.state.name ?? rule.inputs.name, input: JSON.stringify({ step: "reconcile" }) });
                expect(target.arn).to.equal(r("aws:lambda/function:Function", "worker").state.arn);
                const permission = r("aws:lambda/permission:Permission", "reconcile-invoke").inputs;
                expect(permission).to.deep.include({ region, action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: rule.state.arn });
            });

            it("grants the approval API the partition homes (any replica) for snapshots and open-request pointers, its replica for notices, REQUEST# rows in every region, and task success on every platform workflow only", () => {
                const policy = JSON.parse(byName(run.resources, "aws:iam/rolePolicy:RolePolicy", `api-${region}-approvals-policy`).inputs.policy);
                const requests = policy.Statement.find((s: any) => s.Sid === "Requests");
                expect(requests.Resource).to.deep.equal(REGIONS.map(tableArn));
                expect(requests.Condition).to.deep.equal({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["REQUEST#*"] }, Null: { "dynamodb:LeadingKeys": "false" } });
                // A publish reads the item where its partition is decided: the home replica, whichever region's it is.
                expect(policy.Statement.find((s: any) => s.Sid === "ReadItemToPublish")).to.deep.include({ Action: ["dynamodb:GetItem"], Resource: REGIONS.map(tableArn) });
                expect(policy.Statement.find((s: any) => s.Sid === "PendingQueue")).to.deep.include({ Action: ["dynamodb:Query"], Resource: [`${tableArn(region)}/index/gsi1`] });
                // At most one open request per item: its pointer, claimed at the partition's home replica.
                expect(policy.Statement.find((s: any) => s.Sid === "OpenRequestPointer")).to.deep.equal({
                    Sid: "OpenRequestPointer", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: REGIONS.map(tableArn),
                    Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["OPENREQUEST#*"] }, Null: { "dynamodb:LeadingKeys": "false" } },
                });
                const dynamo = policy.Statement.filter((s: any) => s.Action.some((a: string) => a.startsWith("dynamodb:")));
                expect(dynamo.map((s: any) => s.Sid)).to.deep.equal(["ReadItemToPublish", "ReadNotices", "Requests", "OpenRequestPointer", "PendingQueue", "TakeoverOutcome", "RegionHealth"]);
                // GET /notices: Query on the caller's partition of this region's replica only; no write on USER# rows.
                expect(policy.Statement.find((s: any) => s.Sid === "ReadNotices")).to.deep.equal({
                    Sid: "ReadNotices", Effect: "Allow", Action: ["dynamodb:Query"], Resource: [tableArn(region)],
                    Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["USER#*"] }, Null: { "dynamodb:LeadingKeys": "false" } },
                });
                // Takeovers: the outcome in any region's replica; this replica's CONTROL rows (drain flags, unreachable notes).
                expect(policy.Statement.find((s: any) => s.Sid === "TakeoverOutcome")).to.deep.equal({
                    Sid: "TakeoverOutcome", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: REGIONS.map(tableArn),
                    Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["PUBLISHED#*", "USER#*", "OPENREQUEST#*"] }, Null: { "dynamodb:LeadingKeys": "false" } },
                });
                expect(policy.Statement.find((s: any) => s.Sid === "RegionHealth")).to.deep.equal({
                    Sid: "RegionHealth", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"], Resource: [tableArn(region)],
                    Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["CONTROL"] }, Null: { "dynamodb:LeadingKeys": "false" } },
                });
                expect(policy.Statement.find((s: any) => s.Sid === "StartWorkflow")).to.deep.include({ Action: ["states:StartExecution"], Resource: [machineArn(region)] });
                // The ARNs granted before the workflows exist are exactly the ARNs of the state machines created.
                const created = ofType(run.resources, "aws:sfn/stateMachine:StateMachine").map(m => m.state.arn);
                expect(policy.Statement.find((s: any) => s.Sid === "DeliverDecision")).to.deep.include({ Action: ["states:SendTaskSuccess"], Resource: created });
                const fn = byName(run.resources, "aws:lambda/function:Function", `api-${region}-approvals`).inputs;
                expect(fn.environment.variables).to.deep.include({ STATE_MACHINE_ARN: machineArn(region), PLATFORM_REGIONS: REGIONS.join(",") });
            });
        });
    }

    it("wires failed and timed-out execution alarms, and alarms on the workflow functions, in each region", () => {
        const alarms = ofType(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
        for (const region of REGIONS) {
            const sfn = alarms.filter(a => a.inputs.region === region && a.inputs.namespace === "AWS/States");
            expect(sfn.map(a => [a.inputs.metricName, a.inputs.dimensions.StateMachineArn])).to.deep.equal([
                ["ExecutionsFailed", machineArn(region)], ["ExecutionsTimedOut", machineArn(region)],
            ]);
            const fnAlarms = alarms.filter(a => a.inputs.region === region && a.inputs.namespace === "AWS/Lambda").map(a => a.inputs.dimensions.FunctionName);
            expect(fnAlarms).to.include.members([`platform-prod-${region}-approval-notify`, `platform-prod-${region}-approval-worker`, `platform-prod-${region}-approvals`]);
            for (const a of sfn) expect(a.inputs.alarmActions).to.have.length(1);
        }
    });
});

describe("validateApprovalWorkflowArgs", () => {
    const base = {
        region: "us-east-1", namePrefix: "p", accountId: "1", tableName: "t", tableArn: "a", approverEmails: ["a@example.com"],
        timeoutHours: 72, decideUrl: "https://x", logsKeyArn: "k", logRetentionDays: 30,
    };
    it("accepts the defaults and lists every problem with its field", () => {
        expect(validateApprovalWorkflowArgs(base)).to.deep.equal([]);
        expect(validateApprovalWorkflowArgs({ ...base, timeoutHours: 365 * 24 + 1, approverEmails: ["a@example.com", "A@example.com"] })).to.deep.equal([
            "timeoutHours 8761 must be a whole number from 1 to 8760 (a Standard execution lasts at most one year)",
            "approverEmails [A@example.com] is listed twice",
        ]);
    });
});
