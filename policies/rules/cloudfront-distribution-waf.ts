/** [CloudFront.6] Production distributions are guarded by a WAF web ACL. */
import { isStrict, resourceRule, str, strictEnvironmentsSchema } from "./lib";

export const cloudfrontDistributionWaf = resourceRule({
    name: "cloudfront-distribution-waf",
    description: "[CloudFront.6] CloudFront distributions tagged with a production environment are associated with an AWS WAF web ACL (CLOUDFRONT scope).",
    controls: ["CloudFront.6"],
    level: "mandatory",
    severity: "medium",
    remediation: "create an aws.wafv2.WebAcl with scope CLOUDFRONT in us-east-1 and set its ARN as the distribution's webAclId (platform:console.waf true)",
    configSchema: strictEnvironmentsSchema,
}, ["aws:cloudfront/distribution:Distribution"], (props, ctx) => (isStrict(props, ctx.config) && !str(props.webAclId) ? ["has no WAF web ACL"] : []));
