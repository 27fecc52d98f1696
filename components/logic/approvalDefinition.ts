/**
 * The approval state machine, as a pure function of its inputs (docs/design.md, decision 5), so tests
 * validate it (asl-validator), run it (aws-local-stepfunctions) and assert it exactly.
 *
 * RecordRequest -> WaitForDecision (lambda:invoke.waitForTaskToken, TimeoutSeconds; Catch
 * States.Timeout -> ExpireRequest) -> Decision (Choice) -> ApplyChange | (reject) -> NotifyRequester
 * -> Done; a `superseded` decision (another region decided while this one was out) -> Superseded.
 * Any other error -> RecordFailure -> Failed. Only request ids travel through the
 * execution (no personal data in its history); the functions read the request from the table.
 */

/** Errors of the Lambda service itself (not of the function): retried with backoff. AWS's own recommendation:
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html */
export const LAMBDA_SERVICE_ERRORS = [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
] as const;

/** How often each region's worker looks for executions to supersede after a takeover (its EventBridge schedule). */
export const RECONCILE_MINUTES = 5;

/** A Standard execution runs at most one year, so no wait may be longer. */
export const MAX_APPROVAL_TIMEOUT_SECONDS = 365 * 24 * 3600;

/** Inputs of {@link buildApprovalDefinition}. */
export interface ApprovalDefinitionArgs {
    /** The waitForTaskToken notifier (stores the token, emails approvers). */
    readonly notifyFunctionArn: string;
    /** The worker running record/apply/expire/finish/fail. */
    readonly workerFunctionArn: string;
    /** How long approvers have; then the request expires. At most a year (a Standard execution's limit). */
    readonly timeoutSeconds: number;
}

/** Problems with {@link ApprovalDefinitionArgs}; empty when valid. */
export function validateApprovalDefinitionArgs(args: ApprovalDefinitionArgs): string[] {
    const problems: string[] = [];
    if (!Number.isInteger(args.timeoutSeconds) || args.timeoutSeconds < 1 || args.timeoutSeconds > MAX_APPROVAL_TIMEOUT_SECONDS) {
        problems.push(`timeoutSeconds ${args.timeoutSeconds} must be a whole number from 1 to ${MAX_APPROVAL_TIMEOUT_SECONDS} (a Standard execution lasts at most one year)`);
    }
    return problems;
}

const retry = [{ ErrorEquals: [...LAMBDA_SERVICE_ERRORS], IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, JitterStrategy: "FULL" }];
const toFailure = { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "RecordFailure" };

function workerStep(fn: string, step: string, next: string, extra: Record<string, string> = {}) {
    return {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: { FunctionName: fn, Payload: { step, "requestId.$": "$.requestId", ...extra } },
        ResultPath: null,
        Retry: retry,
        Catch: [toFailure],
        Next: next,
    };
}

/** The Amazon States Language definition (JSONPath). */
export function buildApprovalDefinition(args: ApprovalDefinitionArgs) {
    const problems = validateApprovalDefinitionArgs(args);
    if (problems.length) throw new Error(`Invalid approval definition:\n  - ${problems.join("\n  - ")}`);
    const worker = args.workerFunctionArn;
    return {
        Comment: "Human approval of a request: wait for an approver's decision (task token), then apply it or expire the request.",
        StartAt: "RecordRequest",
        States: {
            RecordRequest: workerStep(worker, "record", "WaitForDecision", { "executionArn.$": "$$.Execution.Id" }),
            WaitForDecision: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
                Parameters: { FunctionName: args.notifyFunctionArn, Payload: { "requestId.$": "$.requestId", "taskToken.$": "$$.Task.Token" } },
                TimeoutSeconds: args.timeoutSeconds,
                ResultPath: "$.decision",
                Retry: retry,
                Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.error", Next: "ExpireRequest" }, toFailure],
                Next: "Decision",
            },
            Decision: {
                Type: "Choice",
                Choices: [
                    { Variable: "$.decision.decision", StringEquals: "approve", Next: "ApplyChange" },
                    { Variable: "$.decision.decision", StringEquals: "reject", Next: "NotifyRequester" },
                    // Another region decided the request while this one was out (a takeover) and applied the outcome itself.
                    { Variable: "$.decision.decision", StringEquals: "superseded", Next: "Superseded" },
                ],
                Default: "UnknownDecision",
            },
            Superseded: { Type: "Succeed", Comment: "Decided and applied by another region while this one was out: nothing to do here." },
            UnknownDecision: { Type: "Pass", Result: { Error: "Approval.UnknownDecision" }, ResultPath: "$.error", Next: "RecordFailure" },
            ApplyChange: workerStep(worker, "apply", "NotifyRequester"),
            ExpireRequest: workerStep(worker, "expire", "NotifyRequester"),
            NotifyRequester: workerStep(worker, "finish", "Done"),
            Done: { Type: "Succeed" },
            RecordFailure: {
                Type: "Task",
                Resource: "arn:aws:states:::lambda:invoke",
                Parameters: { FunctionName: worker, Payload: { step: "fail", "requestId.$": "$.requestId", "error.$": "$.error.Error" } },
                ResultPath: null,
                Retry: retry,
                Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.recordError", Next: "Failed" }],
                Next: "Failed",
            },
            Failed: { Type: "Fail", Error: "Approval.Failed", Cause: "The approval workflow failed; the request is marked FAILED." },
        },
    };
}
