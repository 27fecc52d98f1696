/** [CloudFront.5] Distributions write standard (access) logs. */
import { block, resourceRule, str } from "./lib";

export const cloudfrontDistributionLogging = resourceRule({
    name: "cloudfront-distribution-logging",
    description: "[CloudFront.5] CloudFront distributions have standard logging enabled (loggingConfig naming a bucket).",
    controls: ["CloudFront.5"],
    level: "mandatory",
    severity: "medium",
    remediation: "set loggingConfig { bucket: <log bucket>.bucketDomainName, includeCookies: false } on the distribution (the bucket needs ObjectOwnership BucketOwnerPreferred)",
}, ["aws:cloudfront/distribution:Distribution"], props => (str(block(props.loggingConfig)?.bucket) ? [] : ["has no access logging"]));
