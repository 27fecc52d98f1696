/** [SQS.3] Queue access policies are not public. */
import { publicStatements, resourceRule } from "./lib";

export const sqsQueuePublic = resourceRule({
    name: "sqs-queue-public",
    description: "[SQS.3] SQS queue access policies do not allow any principal (\"*\") without a scoping condition.",
    controls: ["SQS.3"],
    level: "mandatory",
    severity: "critical",
    remediation: "name the sending principals, or add an aws:SourceArn / aws:SourceAccount condition",
}, ["aws:sqs/queue:Queue", "aws:sqs/queuePolicy:QueuePolicy"], props =>
    publicStatements(props.policy).map(s => `statement ${s.sid ?? "(no Sid)"} allows any principal`));
