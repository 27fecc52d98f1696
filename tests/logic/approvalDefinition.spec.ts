/** The approval state machine definition: valid ASL, and the properties docs/design.md (decision 5) requires, exactly. */
import { expect } from "chai";
import { buildApprovalDefinition, LAMBDA_SERVICE_ERRORS } from "../../components/logic/approvalDefinition";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const validate: (definition: unknown) => { isValid: boolean; errors: { message: string }[] } = require("asl-validator");

const ARGS = {
    notifyFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:platform-prod-us-east-1-approval-notify",
    workerFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:platform-prod-us-east-1-approval-worker",
    timeoutSeconds: 72 * 3600,
};

describe("buildApprovalDefinition", () => {
    const def = buildApprovalDefinition(ARGS);
    const states = def.States as Record<string, any>;

    it("is valid Amazon States Language (asl-validator), and the validator rejects a broken variant", () => {
        // The validator annotates what it is given (QueryLanguage), so it gets a copy.
        const result = validate(JSON.parse(JSON.stringify(def)));
        expect([result.isValid, result.errors]).to.deep.equal([true, []]);
        const broken = JSON.parse(JSON.stringify(def));
        broken.States.Decision.Choices[0].Next = "NoSuchState";
        expect(validate(broken).isValid).to.equal(false);
    });

    it("waits for the decision with lambda:invoke.waitForTaskToken, the configured timeout, and catches States.Timeout first", () => {
        expect(states.WaitForDecision).to.deep.include({
            Type: "Task",
            Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
            TimeoutSeconds: 259200,
            ResultPath: "$.decision",
            Next: "Decision",
        });
        expect(states.WaitForDecision.Parameters).to.deep.equal({ FunctionName: ARGS.notifyFunctionArn, Payload: { "requestId.$": "$.requestId", "taskToken.$": "$$.Task.Token" } });
        expect(states.WaitForDecision.Catch).to.deep.equal([
            { ErrorEquals: ["States.Timeout"], ResultPath: "$.error", Next: "ExpireRequest" },
            { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "RecordFailure" },
        ]);
    });

    it("passes the task token to the notifier only", () => {
        const withToken = Object.entries(states).filter(([, s]) => JSON.stringify(s).includes("$$.Task.Token")).map(([n]) => n);
        expect(withToken).to.deep.equal(["WaitForDecision"]);
    });

    it("routes approve to ApplyChange, reject straight to NotifyRequester, superseded (a takeover) to an end that does nothing, anything else to a recorded failure", () => {
        expect(states.Decision).to.deep.equal({
            Type: "Choice",
            Choices: [
                { Variable: "$.decision.decision", StringEquals: "approve", Next: "ApplyChange" },
                { Variable: "$.decision.decision", StringEquals: "reject", Next: "NotifyRequester" },
                { Variable: "$.decision.decision", StringEquals: "superseded", Next: "Superseded" },
            ],
            Default: "UnknownDecision",
        });
        expect(states.Superseded).to.deep.include({ Type: "Succeed" });
        expect(states.UnknownDecision.Next).to.equal("RecordFailure");
        expect(states.ApplyChange.Next).to.equal("NotifyRequester");
        expect(states.ExpireRequest.Next).to.equal("NotifyRequester");
        expect(states.NotifyRequester.Next).to.equal("Done");
    });

    it("retries every Lambda task on Lambda service errors with jittered exponential backoff", () => {
        const tasks = Object.entries(states).filter(([, s]) => s.Type === "Task");
        expect(tasks.map(([n]) => n)).to.deep.equal(["RecordRequest", "WaitForDecision", "ApplyChange", "ExpireRequest", "NotifyRequester", "RecordFailure"]);
        for (const [, s] of tasks) {
            expect(s.Retry).to.deep.equal([{ ErrorEquals: [...LAMBDA_SERVICE_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: "FULL" }]);
        }
    });

    it("carries only the request id (and the execution id once) into the functions", () => {
        expect(states.RecordRequest.Parameters.Payload).to.deep.equal({ step: "record", "requestId.$": "$.requestId", "executionArn.$": "$$.Execution.Id" });
        expect(states.RecordFailure.Parameters.Payload).to.deep.equal({ step: "fail", "requestId.$": "$.requestId", "error.$": "$.error.Error" });
        for (const name of ["ApplyChange", "ExpireRequest", "NotifyRequester"]) {
            expect(Object.keys(states[name].Parameters.Payload)).to.deep.equal(["step", "requestId.$"]);
            expect(states[name].ResultPath).to.equal(null);
        }
    });

    it("refuses a timeout beyond a Standard execution's one year, or below one second", () => {
        expect(() => buildApprovalDefinition({ ...ARGS, timeoutSeconds: 365 * 24 * 3600 + 1 })).to.throw("timeoutSeconds 31536001 must be a whole number from 1 to 31536000");
        expect(() => buildApprovalDefinition({ ...ARGS, timeoutSeconds: 0 })).to.throw("timeoutSeconds 0 must be");
    });
});
