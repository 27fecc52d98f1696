/** [Lambda.2] Functions use a supported runtime. */
import { list, resourceRule, str } from "./lib";

/** Runtimes AWS supports without a deprecation date passed (Lambda runtimes page, 2026). */
export const SUPPORTED_RUNTIMES = ["nodejs20.x", "nodejs22.x", "nodejs24.x", "python3.11", "python3.12", "python3.13", "python3.14", "java17", "java21", "java25", "dotnet8", "dotnet10", "ruby3.3", "ruby3.4", "provided.al2023"];

export const lambdaFunctionRuntime = resourceRule({
    name: "lambda-function-runtime",
    description: "[Lambda.2] Lambda functions use a supported runtime.",
    controls: ["Lambda.2"],
    level: "mandatory",
    severity: "medium",
    remediation: "set runtime to a supported one (this platform uses the newest Node.js runtime in @pulumi/aws)",
    configSchema: { properties: { supportedRuntimes: { type: "array", items: { type: "string" }, default: SUPPORTED_RUNTIMES } } },
}, ["aws:lambda/function:Function"], (props, { config }) => {
    if (props.packageType === "Image") return [];
    const runtime = str(props.runtime);
    return runtime && list<string>(config.supportedRuntimes ?? SUPPORTED_RUNTIMES).includes(runtime) ? [] : [`runtime ${runtime ?? "(absent)"} is not supported`];
});
