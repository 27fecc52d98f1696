/** [SNS.1] Topics are encrypted at rest with KMS. */
import { resourceRule, str } from "./lib";

export const snsTopicKms = resourceRule({
    name: "sns-topic-kms",
    description: "[SNS.1] SNS topics are encrypted at rest with a KMS key.",
    controls: ["SNS.1"],
    level: "mandatory",
    severity: "medium",
    remediation: "set kmsMasterKeyId to the region's platform key (its policy must let the publishing services use it)",
}, ["aws:sns/topic:Topic"], props => str(props.kmsMasterKeyId) ? [] : ["the topic is not encrypted with KMS"]);
