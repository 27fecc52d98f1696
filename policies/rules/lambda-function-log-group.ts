/**
 * Every function logs to a log group this stack manages (so it has retention and a key), not to
 * one Lambda creates on first invoke with infinite retention.
 */
import { block, ofTypes, stackRule, str } from "./lib";

export const lambdaFunctionLogGroup = stackRule({
    name: "lambda-function-log-group",
    description: "Lambda functions log to a log group managed by the stack (explicit retention and encryption).",
    controls: [],
    level: "mandatory",
    severity: "medium",
    remediation: "create an aws.cloudwatch.LogGroup with retentionInDays and kmsKeyId, and point the function's loggingConfig.logGroup at it",
}, resources => {
    const groups = new Set(ofTypes(resources, "aws:cloudwatch/logGroup:LogGroup").map(g => str(g.props.name)).filter(Boolean));
    return ofTypes(resources, "aws:lambda/function:Function").flatMap(fn => {
        const target = str(block(fn.props.loggingConfig)?.logGroup) ?? (str(fn.props.name) ? `/aws/lambda/${fn.props.name}` : undefined);
        return target && groups.has(target) ? [] : [{ urn: fn.urn, message: `${fn.name} (${fn.type}): logs go to ${target ?? "an unmanaged log group"}, which this stack does not manage` }];
    });
});
