/**
 * Production user pools are encrypted with a customer-managed key that is multi-Region, with a
 * replica key in every region the pool is replicated to: Cognito requires it before it replicates a
 * pool ("The key must be available in all AWS Regions that have user pool replicas"), and a
 * customer-managed key keeps the user directory's encryption under the account's control.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html
 */
import { block, dependenciesOf, isStrict, ofTypes, stackRule, strictEnvironmentsSchema, str, USER_POOL_TYPES } from "./lib";
import { ofPool, USER_POOL_REPLICA } from "./cognito-userpool-replica";

/** A multi-Region key's id starts with `mrk-`, in every region. https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html */
const MULTI_REGION_KEY = /:key\/mrk-[0-9a-f]+$/;

export const cognitoUserpoolKms = stackRule({
    name: "cognito-userpool-kms",
    description: "User pools tagged with a production environment are encrypted with a customer-managed multi-Region KMS key, with a replica key in each region the pool is replicated to.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set the pool's keyConfiguration to CUSTOMER_MANAGED_KEY with a multi-Region key (aws.kms.Key multiRegion = true) and create an aws.kms.ReplicaKey of it in the replica's region (platform:identity.replicaRegion does both)",
    configSchema: strictEnvironmentsSchema,
}, (resources, config) => ofTypes(resources, ...USER_POOL_TYPES).filter(pool => isStrict(pool.props, config)).flatMap(pool => {
    const label = `${pool.name} (${pool.type})`;
    const keyConfig = block(pool.props.keyConfiguration);
    if (keyConfig?.keyType !== "CUSTOMER_MANAGED_KEY") {
        return [{ urn: pool.urn, message: `${label}: encrypted with ${keyConfig?.keyType ? `an ${keyConfig.keyType}` : "(absent: an AWS owned key)"}, not a customer-managed key` }];
    }
    const arn = str(keyConfig.kmsKeyArn);
    const keys = [...dependenciesOf(pool, "keyConfiguration"), ...ofTypes(resources, "aws:kms/key:Key").filter(k => arn !== undefined && k.props.arn === arn)]
        .filter(k => k.type === "aws:kms/key:Key");
    const key = keys[0];
    const findings: string[] = [];
    const multiRegion = key ? key.props.multiRegion === true : arn !== undefined && MULTI_REGION_KEY.test(arn);
    if (!multiRegion) findings.push(`its key ${key ? key.name : arn ?? "(no ARN)"} is not multi-Region: Cognito cannot replicate the pool`);
    for (const replica of ofPool(resources, USER_POOL_REPLICA, pool)) {
        const region = str(replica.props.regionName);
        const replicaKey = ofTypes(resources, "aws:kms/replicaKey:ReplicaKey").find(r =>
            r.props.region === region && ((key && dependenciesOf(r, "primaryKeyArn").some(d => d.urn === key.urn)) || (arn !== undefined && r.props.primaryKeyArn === arn)));
        if (!replicaKey) findings.push(`no replica of its key in ${region ?? "(unknown region)"}, where the pool is replicated`);
    }
    return findings.map(message => ({ urn: pool.urn, message: `${label}: ${message}` }));
}));
