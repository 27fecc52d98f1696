/**
 * The approval definition *runs*: aws-local-stepfunctions interprets buildApprovalDefinition's ASL,
 * its Lambda tasks run the real workflow code against dynalite, and the task-token round trip is
 * the real one minus Step Functions itself: the notifier stores the token, an approver's decide()
 * sends it (captured by aws-sdk-client-mock), and what it sent is what the wait task returns.
 */
import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { buildApprovalDefinition } from "../../components/logic/approvalDefinition";
import { ExecutionError, StateMachine } from "../helpers/localStepFunctions";
import { LocalTable, REGION, startLocalTable, TABLE } from "./helpers/local";
import type * as Domain from "../../handlers/approval/domain";

const ALICE = "alice-0001";
const CAROL = "carol-0003";
const MACHINE = `arn:aws:states:${REGION}:123456789012:stateMachine:platform-test-${REGION}-approval`;
const TOPIC = `arn:aws:sns:${REGION}:123456789012:platform-test-${REGION}-approvals`;
const TASKS = ["RecordRequest", "WaitForDecision", "ApplyChange", "ExpireRequest", "NotifyRequester", "RecordFailure"];

const named = (name: string) => Object.assign(new Error(`${name} (simulated)`), { name });

describe("approval workflow, run locally (aws-local-stepfunctions + dynalite)", () => {
    let local: LocalTable;
    let domain: typeof Domain;
    let runStep: (ctx: Domain.WorkflowCtx, event: any) => Promise<unknown>;
    // Created in before(), not at load: every spec file is loaded before any runs, and a later stub would replace this one.
    let sfn: AwsClientStub<SFNClient>;
    let sns: AwsClientStub<SNSClient>;

    before(async () => {
        sfn = mockClient(SFNClient);
        sns = mockClient(SNSClient);
        local = await startLocalTable();
        domain = require("../../handlers/approval/domain");
        runStep = require("../../handlers/approval/worker").runStep;
    });
    after(async () => { sfn.restore(); sns.restore(); await local.close(); });
    beforeEach(() => { sfn.reset(); sns.reset(); });

    const ctx = (): Domain.ApprovalCtx => ({
        table: TABLE, region: REGION, regions: [REGION, "eu-west-1"], db: () => local.db, sfn: region => new SFNClient({ region }),
    });
    const get = async (pk: string, sk: string) => (await local.db.send(new GetCommand({ TableName: TABLE, Key: { pk, sk }, ConsistentRead: true }))).Item;
    /** The item's open-request pointer (at most one open request per item); released when the request ends. */
    const openRequest = (itemId: string) => get(`OPENREQUEST#${ALICE}#${itemId}`, "OPEN");

    /** Alice's item and her publish request, through the API's domain code; returns what StartExecution was given. */
    async function request(title: string) {
        const itemId = `item-${randomUUID().slice(0, 8)}`;
        await local.db.send(new PutCommand({ TableName: TABLE, Item: { pk: `USER#${ALICE}`, sk: `ITEM#${itemId}`, id: itemId, title, body: "text", version: 1 } }));
        sfn.on(StartExecutionCommand).resolves({ executionArn: "arn", startDate: new Date() });
        const view = await domain.requestPublish(ctx(), { sub: ALICE, approver: false }, itemId, MACHINE);
        const start = sfn.commandCalls(StartExecutionCommand).slice(-1)[0].args[0].input;
        expect(start).to.deep.include({ stateMachineArn: MACHINE, name: view.requestId });
        expect(await openRequest(itemId)).to.deep.include({ requestId: view.requestId });
        return { itemId, requestId: view.requestId, input: JSON.parse(start.input!) };
    }

    /** Runs the definition; `onWait` plays the approver once the notifier has run. `flaky` makes a task throw Lambda.ServiceException n times first. */
    async function execute(input: unknown, o: { timeoutSeconds?: number; onWait: (requestId: string) => Promise<unknown>; flaky?: Record<string, number> }) {
        const wctx = { table: TABLE, db: local.db };
        const ran: string[] = [];
        const flaky = { ...(o.flaky ?? {}) };
        const token = `AQB${randomUUID().replace(/-/g, "")}${"x".repeat(600)}`;
        const task = (state: string, body: (payload: any) => Promise<unknown>) => async (params: any) => {
            ran.push(state);
            if ((flaky[state] ?? 0) > 0) { flaky[state]--; throw named("Lambda.ServiceException"); }
            return (await body(params.Payload)) as any ?? {};
        };
        const worker = (state: string) => task(state, payload => runStep(wctx, payload));
        const machine = new StateMachine(buildApprovalDefinition({
            notifyFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:notify",
            workerFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:worker",
            timeoutSeconds: o.timeoutSeconds ?? 3600,
        }) as any);
        const execution = machine.run(input as any, {
            context: { Execution: { Id: `arn:aws:states:${REGION}:123456789012:execution:approval:run` }, Task: { Token: token } } as any,
            overrides: {
                taskResourceLocalHandlers: {
                    RecordRequest: worker("RecordRequest"),
                    WaitForDecision: task("WaitForDecision", async payload => {
                        await domain.notifyApprovers({ ...wctx, sns: new SNSClient({ region: REGION }), topicArn: TOPIC, decideUrl: "https://api.example.com" }, payload.requestId, payload.taskToken);
                        return o.onWait(payload.requestId);
                    }),
                    ApplyChange: worker("ApplyChange"),
                    ExpireRequest: worker("ExpireRequest"),
                    NotifyRequester: worker("NotifyRequester"),
                    RecordFailure: worker("RecordFailure"),
                },
                retryIntervalOverrides: Object.fromEntries(TASKS.map(t => [t, 0])),
            },
        });
        try {
            return { ran, token, result: await execution.result, error: undefined as Error | undefined };
        } catch (e) {
            return { ran, token, result: undefined, error: e as Error };
        }
    }

    /** An approver (not the requester) decides; Step Functions would deliver SendTaskSuccess's output to the waiting task. */
    const approverDecides = (decision: Domain.Decision, sent: { token?: string }) => async (requestId: string) => {
        sfn.on(SendTaskSuccessCommand).callsFake(input => { sent.token = input.taskToken; return {}; });
        await domain.decide(ctx(), { sub: CAROL, approver: true }, requestId, decision);
        return JSON.parse(sfn.commandCalls(SendTaskSuccessCommand)[0].args[0].input.output!);
    };

    it("approve: records the execution, notifies without the token, publishes the snapshot taken at request time, tells the requester", async () => {
        const { itemId, requestId, input } = await request("Quarterly report");
        const sent: { token?: string } = {};
        const run = await execute(input, {
            onWait: async id => {
                // Alice edits her item while the request waits: the approver approved the snapshot, not this.
                await local.db.send(new UpdateCommand({ TableName: TABLE, Key: { pk: `USER#${ALICE}`, sk: `ITEM#${itemId}` }, UpdateExpression: "SET title = :t, version = :v", ExpressionAttributeValues: { ":t": "edited later", ":v": 2 } }));
                return approverDecides("approve", sent)(id);
            },
        });
        expect(run.error).to.equal(undefined);
        expect(run.ran).to.deep.equal(["RecordRequest", "WaitForDecision", "ApplyChange", "NotifyRequester"]);
        expect(sent.token).to.equal(run.token);
        const row = await get(`REQUEST#${requestId}`, "REQUEST");
        expect(row).to.deep.include({ status: "PUBLISHED", decision: "approve", decidedBy: CAROL, executionArn: `arn:aws:states:${REGION}:123456789012:execution:approval:run` });
        expect(row).to.not.have.any.keys("gsi1pk", "gsi1sk", "taskToken");
        expect(await get(`PUBLISHED#${ALICE}`, `ITEM#${itemId}`)).to.deep.include({ title: "Quarterly report", body: "text", itemVersion: 1, requestId });
        expect(await get(`USER#${ALICE}`, `NOTICE#${requestId}`)).to.deep.include({ requestId, itemId, outcome: "PUBLISHED" });
        expect(await get(`REQUEST#${requestId}`, "TOKEN")).to.equal(undefined);
        const published = sns.commandCalls(PublishCommand).map(c => c.args[0].input);
        expect(published).to.have.length(1);
        expect(published[0].TopicArn).to.equal(TOPIC);
        expect(published[0].Message).to.contain(`POST https://api.example.com/approvals/${requestId}/decision`);
        expect(JSON.stringify(published[0])).to.not.contain(run.token.slice(0, 40));
        expect(await openRequest(itemId)).to.equal(undefined);
    });

    it("reject: goes straight to the requester's notice; nothing is published", async () => {
        const { itemId, requestId, input } = await request("Draft");
        const run = await execute(input, { onWait: approverDecides("reject", {}) });
        expect(run.error).to.equal(undefined);
        expect(run.ran).to.deep.equal(["RecordRequest", "WaitForDecision", "NotifyRequester"]);
        expect(await get(`REQUEST#${requestId}`, "REQUEST")).to.deep.include({ status: "REJECTED", decision: "reject" });
        expect(await get(`PUBLISHED#${ALICE}`, `ITEM#${itemId}`)).to.equal(undefined);
        expect(await get(`USER#${ALICE}`, `NOTICE#${requestId}`)).to.deep.include({ outcome: "REJECTED" });
        expect(await get(`REQUEST#${requestId}`, "TOKEN")).to.equal(undefined);
        expect(await openRequest(itemId)).to.equal(undefined);
    });

    it("timeout: States.Timeout is caught, the request expires and leaves the queue; a late decision gets 410 and sends nothing", async () => {
        const { itemId, requestId, input } = await request("Nobody looks");
        const run = await execute(input, { timeoutSeconds: 1, onWait: () => new Promise(resolve => setTimeout(() => resolve({}), 1500)) });
        expect(run.error).to.equal(undefined);
        expect(run.ran).to.deep.equal(["RecordRequest", "WaitForDecision", "ExpireRequest", "NotifyRequester"]);
        expect((run.result as any).error.Error).to.equal("States.Timeout");
        const row = await get(`REQUEST#${requestId}`, "REQUEST");
        expect(row).to.deep.include({ status: "EXPIRED" });
        expect(row).to.not.have.any.keys("gsi1pk", "decision");
        expect(await get(`REQUEST#${requestId}`, "TOKEN")).to.equal(undefined);
        expect(await get(`USER#${ALICE}`, `NOTICE#${requestId}`)).to.deep.include({ outcome: "EXPIRED" });
        let late: any;
        try { await domain.decide(ctx(), { sub: CAROL, approver: true }, requestId, "approve"); } catch (e) { late = e; }
        expect([late?.constructor.name, late?.code]).to.deep.equal(["GoneError", "REQUEST_EXPIRED"]);
        expect(sfn.commandCalls(SendTaskSuccessCommand)).to.have.length(0);
        expect(await get(`PUBLISHED#${ALICE}`, `ITEM#${itemId}`)).to.equal(undefined);
        expect(await openRequest(itemId)).to.equal(undefined);
    });

    it("Lambda service errors: retried with backoff, and the approval still publishes", async () => {
        const { itemId, requestId, input } = await request("Flaky day");
        const run = await execute(input, { onWait: approverDecides("approve", {}), flaky: { RecordRequest: 2, ApplyChange: 1 } });
        expect(run.error).to.equal(undefined);
        expect(run.ran).to.deep.equal(["RecordRequest", "RecordRequest", "RecordRequest", "WaitForDecision", "ApplyChange", "ApplyChange", "NotifyRequester"]);
        expect(await get(`REQUEST#${requestId}`, "REQUEST")).to.deep.include({ status: "PUBLISHED" });
        expect(await get(`PUBLISHED#${ALICE}`, `ITEM#${itemId}`)).to.deep.include({ requestId });
    });

    it("Lambda errors beyond the retries: the failure is recorded (error name only), nothing is published, the execution fails", async () => {
        const { itemId, requestId, input } = await request("Broken apply");
        const run = await execute(input, { onWait: approverDecides("approve", {}), flaky: { ApplyChange: 7 } });
        expect(run.error).to.be.instanceOf(ExecutionError);
        expect((run.error!.cause as Error).name).to.equal("Approval.Failed");
        expect(run.ran.filter(s => s === "ApplyChange")).to.have.length(7);
        expect(run.ran.slice(-1)).to.deep.equal(["RecordFailure"]);
        expect(await get(`REQUEST#${requestId}`, "REQUEST")).to.deep.include({ status: "FAILED", failure: "Lambda.ServiceException" });
        expect(await get(`PUBLISHED#${ALICE}`, `ITEM#${itemId}`)).to.equal(undefined);
        expect(await get(`REQUEST#${requestId}`, "TOKEN")).to.equal(undefined);
        expect(await openRequest(itemId)).to.equal(undefined);
    });

    it("the expire and fail steps release the item on their own (a finish step that never runs does not keep it locked)", async () => {
        for (const step of [{ step: "expire" }, { step: "fail", error: "States.TaskFailed" }]) {
            const { itemId, requestId } = await request(`Stopped at ${step.step}`);
            await runStep({ table: TABLE, db: local.db }, { ...step, requestId });
            expect(await openRequest(itemId), step.step).to.equal(undefined);
        }
    });
});
