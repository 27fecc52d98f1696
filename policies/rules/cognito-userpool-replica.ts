/**
 * Sign-in that survives the home region: in production the user pool has a multi-Region replica
 * (Cognito MRR), and the replica is set ACTIVE (new replicas start INACTIVE and serve no end user).
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-multi-region.html
 */
import type { PolicyResource } from "@pulumi/policy";
import { dependenciesOf, isStrict, ofTypes, stackRule, strictEnvironmentsSchema, str, USER_POOL_TYPES } from "./lib";

/** Pulumi type of a user pool replica (`AWS::Cognito::UserPoolReplica`). */
export const USER_POOL_REPLICA = "aws-native:cognito:UserPoolReplica";
/** Pulumi type of a replica's regional settings, its status among them (`AWS::Cognito::UserPoolRegionalConfigurationAttachment`). */
export const USER_POOL_REGIONAL_SETTINGS = "aws-native:cognito:UserPoolRegionalConfigurationAttachment";

/** Resources of `type` whose `userPoolId` comes from `pool` (by dependency, or by the same known id). */
export function ofPool(resources: readonly PolicyResource[], type: string, pool: PolicyResource): PolicyResource[] {
    const id = str(pool.props.userPoolId);
    return ofTypes(resources, type).filter(r =>
        dependenciesOf(r, "userPoolId").some(d => d.urn === pool.urn) || (id !== undefined && r.props.userPoolId === id));
}

export const cognitoUserpoolReplica = stackRule({
    name: "cognito-userpool-replica",
    description: "User pools tagged with a production environment have a multi-Region replica (Cognito MRR), set ACTIVE in its region.",
    controls: [],
    level: "mandatory",
    severity: "high",
    remediation: "set platform:identity.replicaRegion to another region of the stack (an aws-native cognito.UserPoolReplica plus a UserPoolRegionalConfigurationAttachment with status ACTIVE in the replica's region)",
    configSchema: strictEnvironmentsSchema,
}, (resources, config) => ofTypes(resources, ...USER_POOL_TYPES).filter(pool => isStrict(pool.props, config)).flatMap(pool => {
    const label = `${pool.name} (${pool.type})`;
    const replicas = ofPool(resources, USER_POOL_REPLICA, pool);
    if (replicas.length === 0) return [{ urn: pool.urn, message: `${label}: no multi-Region replica: sign-in and token refresh stop with the home region` }];
    const statuses = ofPool(resources, USER_POOL_REGIONAL_SETTINGS, pool).map(s => s.props.status);
    if (statuses.includes("ACTIVE")) return [];
    const regions = replicas.map(r => str(r.props.regionName) ?? "(unknown region)").join(", ");
    return [{ urn: pool.urn, message: `${label}: its replica in ${regions} is not set ACTIVE (${statuses.length ? `status ${statuses.map(String).join(", ")}` : "no regional settings"}; new replicas start INACTIVE and serve no end user)` }];
}));
