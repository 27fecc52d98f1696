/** Log groups expire their events (no personal data kept forever). */
import { resourceRule } from "./lib";

export const cloudwatchLoggroupRetention = resourceRule({
    name: "cloudwatch-loggroup-retention",
    description: "CloudWatch log groups have a retention period (never-expire keeps logs, and any personal data in them, forever).",
    controls: [],
    level: "mandatory",
    severity: "medium",
    remediation: "set retentionInDays (platform:logRetentionDays)",
}, ["aws:cloudwatch/logGroup:LogGroup"], props =>
    typeof props.retentionInDays === "number" && props.retentionInDays > 0 ? [] : [`retention is ${props.retentionInDays ?? "(absent)"}: events never expire`]);
