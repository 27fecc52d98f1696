/** [APIGateway.4] A WAF web ACL on every production stage. */
import { dependenciesOf, isStrict, ofTypes, stackRule, strictEnvironmentsSchema } from "./lib";

export const apigatewayStageWaf = stackRule({
    name: "apigateway-stage-waf",
    description: "[APIGateway.4] REST API stages tagged with a production environment are associated with an AWS WAF web ACL.",
    controls: ["APIGateway.4"],
    level: "mandatory",
    severity: "medium",
    remediation: "associate a regional aws.wafv2.WebAcl with the stage's ARN through aws.wafv2.WebAclAssociation (platform:api.waf true)",
    configSchema: strictEnvironmentsSchema,
}, (resources, config) => {
    const associations = ofTypes(resources, "aws:wafv2/webAclAssociation:WebAclAssociation");
    return ofTypes(resources, "aws:apigateway/stage:Stage")
        .filter(stage => isStrict(stage.props, config))
        .filter(stage => !associations.some(a => dependenciesOf(a, "resourceArn").includes(stage) ||
            (a.props.resourceArn !== undefined && a.props.resourceArn === stage.props.arn)))
        .map(stage => ({ urn: stage.urn, message: `${stage.name} (${stage.type}): no WAF web ACL is associated with the stage` }));
});
