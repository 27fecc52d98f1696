/**
 * The workflow's other Lambda tasks, one function with a `step` field (they share one role: the
 * table in this region, nothing else): record, apply, expire, finish, fail.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import * as z from "zod/mini";
import { dynamo } from "../../shared/clients";
import { env } from "../../shared/env";
import { logger, metrics } from "../../shared/powertools";
import { applyApproved, expireRequest, failRequest, notifyRequester, reconcileTakenOver, recordExecution, REQUEST_ID, WorkflowCtx } from "../domain";
import { sfnIn } from "../clients";

const requestId = z.string().check(z.regex(REQUEST_ID));
const WorkerEvent = z.discriminatedUnion("step", [
    z.strictObject({ step: z.literal("record"), requestId, executionArn: z.string().check(z.regex(/^arn:aws[a-z-]*:states:/)) }),
    z.strictObject({ step: z.literal("apply"), requestId }),
    z.strictObject({ step: z.literal("expire"), requestId }),
    z.strictObject({ step: z.literal("finish"), requestId }),
    // The caught error's name only (`$.error.Error`); its Cause can carry data and is not passed.
    z.strictObject({ step: z.literal("fail"), requestId, error: z.string().check(z.maxLength(256)) }),
    // Scheduled (EventBridge), not a state: supersede this region's executions that another region decided.
    z.strictObject({ step: z.literal("reconcile") }),
]);
export type WorkerEvent = z.infer<typeof WorkerEvent>;

const ctx: WorkflowCtx = { table: env.tableName, db: dynamo };

/** Runs one step; exported for the local Step Functions runs in the tests. */
export async function runStep(c: WorkflowCtx, event: WorkerEvent): Promise<{ status?: string; superseded?: number }> {
    switch (event.step) {
        case "reconcile": return reconcileTakenOver({ ...c, region: env.region, sfn: sfnIn(env.region) });
        case "record": await recordExecution(c, event.requestId, event.executionArn); return {};
        case "apply": await applyApproved(c, event.requestId); return {};
        case "expire": return { status: (await expireRequest(c, event.requestId)) ? "EXPIRED" : undefined };
        case "fail": await failRequest(c, event.requestId, event.error); return { status: "FAILED" };
        case "finish": return { status: await notifyRequester(c, event.requestId) };
    }
}

export async function handler(event: unknown): Promise<{ status?: string; superseded?: number }> {
    const parsed = WorkerEvent.safeParse(event);
    if (!parsed.success) throw new Error(`Worker event is not valid: ${parsed.error.issues[0].path.join(".") || "event"}`);
    logger.appendKeys({ ...("requestId" in parsed.data ? { requestId: parsed.data.requestId } : {}), step: parsed.data.step });
    try {
        const out = await runStep(ctx, parsed.data);
        if (parsed.data.step === "expire" && out.status === "EXPIRED") {
            metrics.addMetric("ApprovalsExpired", MetricUnit.Count, 1);
            metrics.publishStoredMetrics();
        }
        return out;
    } finally {
        logger.removeKeys(["requestId", "step"]);
    }
}
