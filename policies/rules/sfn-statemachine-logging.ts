/** [StepFunctions.1] Logging on every state machine. */
import { block, resourceRule, str } from "./lib";

export const sfnStatemachineLogging = resourceRule({
    name: "sfn-statemachine-logging",
    description: "[StepFunctions.1] Step Functions state machines log (level ALL, ERROR or FATAL) to a log group.",
    controls: ["StepFunctions.1"],
    level: "mandatory",
    severity: "medium",
    remediation: "set loggingConfiguration { level: \"ERROR\" (or ALL), includeExecutionData: false, logDestination: \"<log group ARN>:*\" }",
}, ["aws:sfn/stateMachine:StateMachine"], props => {
    const l = block(props.loggingConfiguration);
    const level = l?.level;
    return ["ALL", "ERROR", "FATAL"].includes(level) && str(l?.logDestination) ? [] : [`logging level is ${level ?? "(absent: OFF)"}${str(l?.logDestination) ? "" : " with no log destination"}`];
});
