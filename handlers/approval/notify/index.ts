/**
 * The workflow's `lambda:invoke.waitForTaskToken` task: stores the task token with the request and
 * emails the approvers (SNS). It returns at once; the execution waits until a decision calls back
 * with the token or the task's `TimeoutSeconds` passes. The event carries the token: never log it.
 */
import * as z from "zod/mini";
import { dynamo } from "../../shared/clients";
import { env, required } from "../../shared/env";
import { logger } from "../../shared/powertools";
import { sns } from "../clients";
import { notifyApprovers, REQUEST_ID } from "../domain";

const TOPIC_ARN = required("APPROVERS_TOPIC_ARN");
const DECIDE_URL = required("DECIDE_URL");

/** Step Functions task tokens are at most 2,048 characters. */
const NotifyEvent = z.strictObject({
    requestId: z.string().check(z.regex(REQUEST_ID)),
    taskToken: z.string().check(z.minLength(1), z.maxLength(2048)),
});

export async function handler(event: unknown): Promise<{ notified: true }> {
    const parsed = NotifyEvent.safeParse(event);
    // A malformed event is a bug in the definition: fail the task without echoing the event.
    if (!parsed.success) throw new Error("Notify event must be { requestId, taskToken }");
    const { requestId, taskToken } = parsed.data;
    logger.appendKeys({ requestId });
    try {
        await notifyApprovers({ table: env.tableName, db: dynamo, sns, topicArn: TOPIC_ARN, decideUrl: DECIDE_URL }, requestId, taskToken);
        logger.info("Approvers notified");
        return { notified: true };
    } finally {
        logger.removeKeys(["requestId"]);
    }
}
