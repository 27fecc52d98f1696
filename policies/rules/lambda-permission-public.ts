/**
 * [Lambda.1] No function can be invoked by anyone: no `*` principal, service principals scoped
 * with `sourceArn`, no function URL without auth.
 */
import { resourceRule, str } from "./lib";

export const lambdaPermissionPublic = resourceRule({
    name: "lambda-permission-public",
    description: "[Lambda.1] Lambda functions are not publicly invocable: permissions name a principal and, for AWS services, a sourceArn; function URLs require IAM auth.",
    controls: ["Lambda.1"],
    level: "mandatory",
    severity: "critical",
    remediation: "grant lambda:InvokeFunction to the service principal with sourceArn set to the exact caller (for API Gateway: <api execution ARN>/*/<METHOD>/<path>); use authorizationType AWS_IAM on function URLs",
}, ["aws:lambda/permission:Permission", "aws:lambda/functionUrl:FunctionUrl"], (props, { type }) => {
    if (type === "aws:lambda/functionUrl:FunctionUrl") {
        return props.authorizationType === "AWS_IAM" ? [] : [`function URL auth type is ${props.authorizationType ?? "(absent)"}, not AWS_IAM`];
    }
    const principal = str(props.principal);
    if (!principal || principal === "*") return [`principal ${principal ?? "(absent)"} lets anyone invoke the function`];
    if (principal.endsWith(".amazonaws.com") && !str(props.sourceArn)) return [`service principal ${principal} is not scoped with sourceArn`];
    return [];
});
