/** [APIGateway.3] X-Ray tracing on every REST API stage. */
import { isTrue, resourceRule } from "./lib";

export const apigatewayStageXray = resourceRule({
    name: "apigateway-stage-xray",
    description: "[APIGateway.3] REST API stages have AWS X-Ray tracing enabled.",
    controls: ["APIGateway.3"],
    level: "advisory",
    severity: "low",
    remediation: "set xrayTracingEnabled = true on the stage",
}, ["aws:apigateway/stage:Stage"], props => isTrue(props.xrayTracingEnabled) ? [] : ["X-Ray tracing is off"]);
