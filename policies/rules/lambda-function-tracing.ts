/** X-Ray active tracing on every function (hygiene: traces cross-region requests end to end). */
import { block, resourceRule } from "./lib";

export const lambdaFunctionTracing = resourceRule({
    name: "lambda-function-tracing",
    description: "Lambda functions have X-Ray active tracing.",
    controls: [],
    level: "advisory",
    severity: "low",
    remediation: "set tracingConfig.mode = \"Active\" and allow xray:PutTraceSegments/PutTelemetryRecords in the role",
}, ["aws:lambda/function:Function"], props => block(props.tracingConfig)?.mode === "Active" ? [] : ["X-Ray active tracing is off"]);
