/**
 * [APIGateway.1] Execution logging at ERROR or INFO on every stage, without full request/response
 * data logging (it writes request bodies and tokens to CloudWatch).
 */
import type { PolicyResource } from "@pulumi/policy";
import { block, dependenciesOf, ofTypes, stackRule } from "./lib";

/** Method settings that apply to `stage`: same API and stage name, or an engine dependency on it. */
export function methodSettingsOf(stage: PolicyResource, all: readonly PolicyResource[]): PolicyResource[] {
    return ofTypes(all, "aws:apigateway/methodSettings:MethodSettings").filter(ms =>
        dependenciesOf(ms, "stageName").includes(stage) ||
        (ms.props.stageName !== undefined && ms.props.stageName === stage.props.stageName && ms.props.restApi === stage.props.restApi));
}

export const apigatewayStageExecutionLogging = stackRule({
    name: "apigateway-stage-execution-logging",
    description: "[APIGateway.1] Every REST API stage has execution logging at ERROR or INFO for all methods, and no full request/response data logging.",
    controls: ["APIGateway.1"],
    level: "mandatory",
    severity: "medium",
    remediation: "add aws.apigateway.MethodSettings with methodPath \"*/*\", settings.loggingLevel \"ERROR\" or \"INFO\" and settings.dataTraceEnabled false",
}, resources => ofTypes(resources, "aws:apigateway/stage:Stage").flatMap(stage => {
    const settings = methodSettingsOf(stage, resources);
    const all = settings.filter(ms => ms.props.methodPath === "*/*").map(ms => block(ms.props.settings) ?? {});
    const findings: string[] = [];
    if (!all.some(s => s.loggingLevel === "ERROR" || s.loggingLevel === "INFO")) findings.push("execution logging is not ERROR or INFO for */*");
    if (settings.some(ms => block(ms.props.settings)?.dataTraceEnabled === true)) findings.push("full request/response data logging (dataTraceEnabled) is on");
    return findings.map(f => ({ urn: stage.urn, message: `${stage.name} (${stage.type}): ${f}` }));
}));
