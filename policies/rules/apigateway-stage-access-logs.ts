/** [APIGateway.9] Access logging on every REST API stage. */
import { block, resourceRule, str } from "./lib";

export const apigatewayStageAccessLogs = resourceRule({
    name: "apigateway-stage-access-logs",
    description: "[APIGateway.9] REST API stages write access logs to a log group.",
    controls: ["APIGateway.9"],
    level: "mandatory",
    severity: "medium",
    remediation: "set accessLogSettings { destinationArn: <log group ARN>, format: <JSON format> } on the stage",
}, ["aws:apigateway/stage:Stage"], props => {
    const s = block(props.accessLogSettings);
    return str(s?.destinationArn) && str(s?.format) ? [] : ["access logging is not configured"];
});
