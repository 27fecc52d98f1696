/** [SNS.4] Topic access policies are not public. */
import { publicStatements, resourceRule } from "./lib";

export const snsTopicPublic = resourceRule({
    name: "sns-topic-public",
    description: "[SNS.4] SNS topic access policies do not allow any principal (\"*\") without a condition scoping it to the account or a source.",
    controls: ["SNS.4"],
    level: "mandatory",
    severity: "critical",
    remediation: "name the publishing principals, or add an aws:SourceAccount / aws:SourceArn condition",
}, ["aws:sns/topic:Topic", "aws:sns/topicPolicy:TopicPolicy"], props =>
    publicStatements(props.policy).map(s => `statement ${s.sid ?? "(no Sid)"} allows any principal`));
