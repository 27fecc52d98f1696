/** [SQS.1] Queues are encrypted at rest (none exist today; the rule guards future ones). */
import { resourceRule, str } from "./lib";

export const sqsQueueEncryption = resourceRule({
    name: "sqs-queue-encryption",
    description: "[SQS.1] SQS queues are encrypted at rest (KMS key or SQS-managed SSE set explicitly).",
    controls: ["SQS.1"],
    level: "mandatory",
    severity: "medium",
    remediation: "set kmsMasterKeyId (preferred) or sqsManagedSseEnabled = true",
}, ["aws:sqs/queue:Queue"], props => str(props.kmsMasterKeyId) || props.sqsManagedSseEnabled === true ? [] : ["the queue is not encrypted at rest"]);
