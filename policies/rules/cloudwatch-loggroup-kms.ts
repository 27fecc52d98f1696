/** Log groups are encrypted with a customer-managed key (access logs carry caller IPs and ids). */
import { resourceRule, str } from "./lib";

export const cloudwatchLoggroupKms = resourceRule({
    name: "cloudwatch-loggroup-kms",
    description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
    controls: [],
    level: "mandatory",
    severity: "medium",
    remediation: "set kmsKeyId to the region's platform key (its key policy must allow logs.<region>.amazonaws.com)",
}, ["aws:cloudwatch/logGroup:LogGroup"], props => str(props.kmsKeyId) ? [] : ["the log group is not encrypted with a customer-managed key"]);
