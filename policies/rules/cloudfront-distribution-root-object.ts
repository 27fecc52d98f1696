/** [CloudFront.1] Distributions with S3 origins name a default root object. */
import { resourceRule, s3OriginsOf, str } from "./lib";

export const cloudfrontDistributionRootObject = resourceRule({
    name: "cloudfront-distribution-root-object",
    description: "[CloudFront.1] CloudFront distributions with S3 origins have a default root object, so the root URL never lists or errors.",
    controls: ["CloudFront.1"],
    level: "mandatory",
    severity: "high",
    remediation: "set defaultRootObject (\"index.html\") on the distribution",
}, ["aws:cloudfront/distribution:Distribution"], props =>
    s3OriginsOf(props).length > 0 && !str(props.defaultRootObject) ? ["has S3 origins and no default root object"] : []);
