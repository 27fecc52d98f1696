/**
 * Human-approval workflows: only Standard workflows can wait for task tokens, and execution data
 * (inputs, outputs, task tokens in callback payloads) stays out of the logs.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
 */
import { block, resourceRule, str } from "./lib";

export const sfnStatemachineTaskTokens = resourceRule({
    name: "sfn-statemachine-task-tokens",
    description: "State machines that wait for task tokens are STANDARD (Express workflows cannot), and no state machine logs execution data (inputs and outputs can carry personal data and tokens).",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set type: \"STANDARD\" for workflows using .waitForTaskToken, and loggingConfiguration.includeExecutionData: false",
}, ["aws:sfn/stateMachine:StateMachine"], props => {
    const problems: string[] = [];
    const type = str(props.type) ?? "STANDARD";
    if (type === "EXPRESS" && (str(props.definition) ?? "").includes(".waitForTaskToken")) problems.push("uses .waitForTaskToken but is EXPRESS (only Standard workflows wait for task tokens)");
    if (block(props.loggingConfiguration)?.includeExecutionData === true) problems.push("logs execution data (inputs and outputs: personal data, task tokens)");
    return problems;
});
