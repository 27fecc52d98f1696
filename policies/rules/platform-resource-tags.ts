/** Cost allocation and ownership: required tags on every taggable resource the platform creates. */
import { list, resourceRule, tagsOf } from "./lib";

/** Resource types this platform creates that accept tags. */
export const TAGGABLE_TYPES = [
    "aws:dynamodb/table:Table", "aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:lambda/function:Function", "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:sns/topic:Topic", "aws:sqs/queue:Queue", "aws:apigateway/restApi:RestApi",
    "aws:apigateway/stage:Stage", "aws:apigateway/domainName:DomainName", "aws:acm/certificate:Certificate",
    "aws:cognito/userPool:UserPool", "aws-native:cognito:UserPool", "aws:cognito/identityPool:IdentityPool", "aws:sfn/stateMachine:StateMachine",
    "aws:backup/vault:Vault", "aws:backup/plan:Plan", "aws:iam/role:Role", "aws:iam/policy:Policy",
    "aws:route53/healthCheck:HealthCheck", "aws:wafv2/webAcl:WebAcl",
];

export const platformResourceTags = resourceRule({
    name: "platform-resource-tags",
    description: "Taggable resources carry the required tags (owner, costCenter, project, stack, environment by default).",
    controls: [],
    level: "advisory",
    severity: "low",
    remediation: "pass the stack's tags (platform:tags plus project/stack/environment) to the component",
    configSchema: { properties: { requiredTags: { type: "array", items: { type: "string" }, default: ["owner", "costCenter", "project", "stack", "environment"] } } },
}, TAGGABLE_TYPES, (props, { config }) => {
    const tags = tagsOf(props);
    const missing = list<string>(config.requiredTags ?? []).filter(t => typeof tags[t] !== "string" || tags[t].length === 0);
    return missing.length ? [`missing tags: ${missing.join(", ")}`] : [];
});
