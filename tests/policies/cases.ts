/**
 * For every rule of the pack: a passing case, a failing case and the property-absent case, with
 * the exact messages expected (the "Fix: ..." tail cut off).
 */
import type { Fixture } from "./harness";

/** One rule's three cases. */
export interface RuleCases {
    readonly pass: Fixture[];
    readonly fail: { readonly fixtures: Fixture[]; readonly messages: string[] };
    readonly absent: { readonly fixtures: Fixture[]; readonly messages: string[] };
    readonly config?: Record<string, unknown>;
}

const TABLE = "aws:dynamodb/table:Table";
const STAGE = "aws:apigateway/stage:Stage";
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
const POOL = "aws:cognito/userPool:UserPool";
const NATIVE_POOL = "aws-native:cognito:UserPool";
const REPLICA = "aws-native:cognito:UserPoolReplica";
const REPLICA_SETTINGS = "aws-native:cognito:UserPoolRegionalConfigurationAttachment";
const REPLICA_KEY = "aws:kms/replicaKey:ReplicaKey";
const KEY = "aws:kms/key:Key";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const FUNCTION = "aws:lambda/function:Function";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
const REST_API = "aws:apigateway/restApi:RestApi";
const RESOURCE = "aws:apigateway/resource:Resource";
const METHOD = "aws:apigateway/method:Method";
const INTEGRATION = "aws:apigateway/integration:Integration";
const VAULT = "aws:backup/vault:Vault";

const prod = { environment: "prod" };
const dev = { environment: "dev" };
const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const keyArn = (region: string) => `arn:aws:kms:${region}:123456789012:key/0000`;

const goodTable = (extra: Record<string, any> = {}) => ({
    type: TABLE, name: "data",
    props: {
        name: "platform-prod", region: "us-east-1", billingMode: "PAY_PER_REQUEST", deletionProtectionEnabled: true, tags: prod,
        arn: "arn:aws:dynamodb:us-east-1:123456789012:table/platform-prod",
        pointInTimeRecovery: { enabled: true }, serverSideEncryption: { enabled: true, kmsKeyArn: keyArn("us-east-1") },
        replicas: [{ regionName: "eu-west-1", kmsKeyArn: keyArn("eu-west-1"), pointInTimeRecovery: true, deletionProtectionEnabled: true }],
        ...extra,
    },
});
const goodStage = (extra: Record<string, any> = {}): Fixture => ({
    type: STAGE, name: "stage",
    props: { restApi: "api1", stageName: "v1", arn: "arn:aws:apigateway:us-east-1::/restapis/api1/stages/v1", xrayTracingEnabled: true, tags: prod,
        accessLogSettings: { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:access", format: "{}" }, ...extra },
});
const goodPool = (extra: Record<string, any> = {}) => ({
    type: POOL, name: "users",
    props: {
        tags: prod, mfaConfiguration: "ON", softwareTokenMfaConfiguration: { enabled: true }, deletionProtection: "ACTIVE",
        userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        passwordPolicy: { minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 },
        ...extra,
    },
});
/** The aws-native (Cloud Control) pool: the same settings under its own property names. */
const nativePool = (extra: Record<string, any> = {}): Fixture => ({
    type: NATIVE_POOL, name: "native-users",
    props: {
        userPoolTags: prod, userPoolId: "us-east-1_Pool", mfaConfiguration: "ON", enabledMfas: ["SOFTWARE_TOKEN_MFA"], deletionProtection: "ACTIVE",
        userPoolAddOns: { advancedSecurityMode: "ENFORCED" },
        policies: { passwordPolicy: { minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 } },
        keyConfiguration: { keyType: "CUSTOMER_MANAGED_KEY", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-0123abcd" },
        ...extra,
    },
});
/** A replicated prod pool: multi-Region key, replica key in eu-west-1, replica, its settings ACTIVE. */
const replicatedPool = (o: { pool?: Record<string, any>; key?: Record<string, any>; replicaKey?: Record<string, any> | null; status?: string | null } = {}): Fixture[] => [
    { type: KEY, name: "users-key", props: { region: "us-east-1", multiRegion: true, arn: "arn:aws:kms:us-east-1:123456789012:key/mrk-0123abcd", ...o.key } },
    ...(o.replicaKey === null ? [] : [{ type: REPLICA_KEY, name: "users-key-eu", deps: { primaryKeyArn: ["users-key"] }, props: { region: "eu-west-1", primaryKeyArn: "arn:aws:kms:us-east-1:123456789012:key/mrk-0123abcd", ...o.replicaKey } }]),
    { ...nativePool(o.pool), deps: { keyConfiguration: ["users-key"] } },
    { type: REPLICA, name: "replica", deps: { userPoolId: ["native-users"] }, props: { userPoolId: "us-east-1_Pool", regionName: "eu-west-1" } },
    ...(o.status === null ? [] : [{ type: REPLICA_SETTINGS, name: "replica-settings", deps: { userPoolId: ["native-users"] }, props: { userPoolId: "us-east-1_Pool", status: o.status ?? "ACTIVE" } }]),
];
const identityTrust = (extra: object = {}) => doc({
    Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
    Condition: { "StringEquals": { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } },
    ...extra,
});
const rowLevel = (extra: object = {}) => doc({
    Sid: "OwnRows", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"], Resource: ["arn:aws:dynamodb:*:123456789012:table/t"],
    Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["USER#${aws:PrincipalTag/sub}"] }, "Null": { "dynamodb:LeadingKeys": "false" } },
    ...extra,
});
const healthCheck = (region: string, fqdn = `abc.execute-api.${region}.amazonaws.com`): Fixture => ({ type: HEALTH_CHECK, name: `hc-${region}`, props: { fqdn, type: "HTTPS", resourcePath: "/v1/health" } });
const latencyRecord = (region: string, extra: Record<string, any> = {}): Fixture => ({
    type: RECORD, name: `latency-${region}`, deps: { healthCheckId: [`hc-${region}`] },
    props: { name: "api.example.com", type: "A", setIdentifier: region, healthCheckId: `hc-id-${region}`, latencyRoutingPolicies: [{ region }],
        aliases: [{ name: `d-1.execute-api.${region}.amazonaws.com`, zoneId: "Z1", evaluateTargetHealth: true }], ...extra },
});
const restApi = (region: string): Fixture => ({ type: REST_API, name: `api-${region}`, props: { region, endpointConfiguration: { types: ["REGIONAL"] } } });
const method = (name: string, resource: string, httpMethod: string, authorization: string | undefined): Fixture =>
    ({ type: METHOD, name, deps: { resourceId: [resource] }, props: { httpMethod, ...(authorization ? { authorization } : {}) } });
const apiTree: Fixture[] = [
    restApi("us-east-1"),
    { type: RESOURCE, name: "health", deps: { parentId: ["api-us-east-1"] }, props: { pathPart: "health" } },
    { type: RESOURCE, name: "items", deps: { parentId: ["api-us-east-1"] }, props: { pathPart: "items" } },
    { type: RESOURCE, name: "item", deps: { parentId: ["items"] }, props: { pathPart: "{id}" } },
];

/** A stack with a budget (the stack output `budget`) and $4 of fixed cost in us-east-1: a KMS key ($1) and a dashboard ($3). */
const budgeted = (tags: Record<string, string>, monthlyFixedUsd: number | undefined): Fixture[] => [
    { type: "pulumi:pulumi:Stack", name: "platform-test", props: { budget: monthlyFixedUsd === undefined ? {} : { monthlyFixedUsd } } },
    { type: KEY, name: "k", props: { region: "us-east-1", enableKeyRotation: true, tags } },
    { type: "aws:cloudwatch/dashboard:Dashboard", name: "d", props: { region: "us-east-1", dashboardName: "ops" } },
];

const DIST = "aws:cloudfront/distribution:Distribution";
const BUCKET = "aws:s3/bucket:Bucket";
const s3Origin = (id: string, extra: Record<string, any> = {}) => ({ originId: id, domainName: `site-${id}.s3.us-east-1.amazonaws.com`, originAccessControlId: "E1OAC", ...extra });
const goodDist = (extra: Record<string, any> = {}): Fixture => ({
    type: DIST, name: "cdn",
    props: {
        tags: prod, aliases: ["console.example.com"], defaultRootObject: "index.html", webAclId: "arn:aws:wafv2:us-east-1:1:global/webacl/c/1",
        origins: [s3Origin("primary"), s3Origin("replica")],
        defaultCacheBehavior: { targetOriginId: "site", viewerProtocolPolicy: "redirect-to-https" },
        viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/1", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
        loggingConfig: { bucket: "logs.s3.amazonaws.com", includeCookies: false },
        ...extra,
    },
});
const bucketFixture = (name: string): Fixture => ({ type: BUCKET, name, props: { region: "us-east-1" } });
const setting = (type: string, bucket: string, props: Record<string, any>, name = `${bucket}-${type.split(":")[2]}`): Fixture => ({ type: `aws:s3/${type}`, name, deps: { bucket: [bucket] }, props: { bucket: `${bucket}-id`, ...props } });
const pab = (bucket: string, extra: Record<string, any> = {}) => setting("bucketPublicAccessBlock:BucketPublicAccessBlock", bucket, { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true, ...extra });
const tlsPolicy = (bucket: string, secure: unknown = "false") => setting("bucketPolicy:BucketPolicy", bucket, { policy: doc({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { "aws:SecureTransport": secure } } }) });
const sse = (bucket: string, algorithm?: string) => setting("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket, { rules: [{ applyServerSideEncryptionByDefault: algorithm ? { sseAlgorithm: algorithm } : undefined }] });
const versioning = (bucket: string, status = "Enabled") => setting("bucketVersioning:BucketVersioning", bucket, { versioningConfiguration: { status } });
const replicationOf = (source: string, destination: string, status = "Enabled"): Fixture => ({
    type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: `${source}-replication`, deps: { bucket: [source], rules: [destination] },
    props: { bucket: `${source}-id`, rules: [{ id: "site", status, destination: { bucket: `arn:aws:s3:::${destination}` } }] },
});
const consoleSite: Fixture[] = [bucketFixture("site"), bucketFixture("replica"), bucketFixture("logs"), { ...goodDist(), deps: { origins: ["site", "replica"], loggingConfig: ["logs"] } }];

export const CASES: Record<string, RuleCases> = {
    "apigateway-domain-tls": {
        pass: [{ type: "aws:apigateway/domainName:DomainName", props: { securityPolicy: "TLS_1_2", endpointConfiguration: { types: "REGIONAL" } } }, { type: "aws:apigateway/domainName:DomainName", props: { securityPolicy: "SecurityPolicy_TLS13_1_2_2021_06", endpointConfiguration: { types: ["REGIONAL"] } } }],
        fail: { fixtures: [{ type: "aws:apigateway/domainName:DomainName", name: "d", props: { securityPolicy: "TLS_1_0", endpointConfiguration: { types: ["EDGE"] } } }],
            messages: ["d (aws:apigateway/domainName:DomainName): security policy TLS_1_0 allows TLS older than 1.2", "d (aws:apigateway/domainName:DomainName): endpoint types [\"EDGE\"] are not [\"REGIONAL\"]"] },
        absent: { fixtures: [{ type: "aws:apigateway/domainName:DomainName", name: "d", props: {} }],
            messages: ["d (aws:apigateway/domainName:DomainName): security policy (absent: TLS_1_0) allows TLS older than 1.2", "d (aws:apigateway/domainName:DomainName): endpoint types [] are not [\"REGIONAL\"]"] },
    },
    "apigateway-method-authorization": {
        pass: [...apiTree, method("health-get", "health", "GET", "NONE"), method("items-get", "items", "GET", "COGNITO_USER_POOLS"),
            method("items-options", "items", "OPTIONS", "NONE"), { type: INTEGRATION, name: "items-options-mock", deps: { httpMethod: ["items-options"] }, props: { type: "MOCK", httpMethod: "OPTIONS" } }],
        fail: { fixtures: [...apiTree, method("health-post", "health", "POST", "NONE"), method("item-delete", "item", "DELETE", "NONE"),
            // An OPTIONS method that reaches a function is no preflight: it must be authorized like any other.
            method("item-options", "item", "OPTIONS", "NONE"), { type: INTEGRATION, name: "item-options-proxy", deps: { httpMethod: ["item-options"] }, props: { type: "AWS_PROXY", httpMethod: "OPTIONS" } }],
            messages: ["health-post (aws:apigateway/method:Method): POST /health is callable without authorization", "item-delete (aws:apigateway/method:Method): DELETE /items/{id} is callable without authorization",
                "item-options (aws:apigateway/method:Method): OPTIONS /items/{id} is callable without authorization"] },
        absent: { fixtures: [...apiTree, method("items-put", "items", "PUT", undefined), { type: METHOD, name: "orphan", props: { httpMethod: "GET", authorization: "NONE" } }],
            messages: ["items-put (aws:apigateway/method:Method): PUT /items is callable without authorization", "orphan (aws:apigateway/method:Method): GET (unresolved path) is callable without authorization"] },
    },
    "apigateway-stage-access-logs": {
        pass: [goodStage()],
        fail: { fixtures: [goodStage({ accessLogSettings: { destinationArn: "arn:aws:logs:us-east-1:1:log-group:x" } })], messages: ["stage (aws:apigateway/stage:Stage): access logging is not configured"] },
        absent: { fixtures: [goodStage({ accessLogSettings: undefined })], messages: ["stage (aws:apigateway/stage:Stage): access logging is not configured"] },
    },
    "apigateway-stage-cache-encryption": {
        pass: [{ type: METHOD_SETTINGS, props: { methodPath: "*/*", settings: { cachingEnabled: true, cacheDataEncrypted: true } } }],
        fail: { fixtures: [{ type: METHOD_SETTINGS, name: "ms", props: { methodPath: "*/*", settings: { cachingEnabled: true, cacheDataEncrypted: false } } }],
            messages: ["ms (aws:apigateway/methodSettings:MethodSettings): caching is on for */* without cache encryption"] },
        absent: { fixtures: [{ type: METHOD_SETTINGS, name: "ms", props: { methodPath: "*/*" } }], messages: [] },
    },
    "apigateway-stage-execution-logging": {
        pass: [goodStage(), { type: METHOD_SETTINGS, deps: { stageName: ["stage"] }, props: { restApi: "api1", stageName: "v1", methodPath: "*/*", settings: { loggingLevel: "ERROR", dataTraceEnabled: false } } }],
        fail: { fixtures: [goodStage(), { type: METHOD_SETTINGS, props: { restApi: "api1", stageName: "v1", methodPath: "*/*", settings: { loggingLevel: "OFF", dataTraceEnabled: true } } }],
            messages: ["stage (aws:apigateway/stage:Stage): execution logging is not ERROR or INFO for */*", "stage (aws:apigateway/stage:Stage): full request/response data logging (dataTraceEnabled) is on"] },
        absent: { fixtures: [goodStage()], messages: ["stage (aws:apigateway/stage:Stage): execution logging is not ERROR or INFO for */*"] },
    },
    "apigateway-stage-waf": {
        pass: [goodStage(), { type: "aws:wafv2/webAclAssociation:WebAclAssociation", deps: { resourceArn: ["stage"] }, props: { resourceArn: "arn:aws:apigateway:us-east-1::/restapis/api1/stages/v1", webAclArn: "arn:waf" } }, goodStage({ tags: dev }) && { ...goodStage({ tags: dev }), name: "dev-stage" }],
        fail: { fixtures: [goodStage(), { type: "aws:wafv2/webAclAssociation:WebAclAssociation", props: { resourceArn: "arn:aws:apigateway:us-east-1::/restapis/other/stages/v1" } }],
            messages: ["stage (aws:apigateway/stage:Stage): no WAF web ACL is associated with the stage"] },
        absent: { fixtures: [goodStage()], messages: ["stage (aws:apigateway/stage:Stage): no WAF web ACL is associated with the stage"] },
    },
    "apigateway-stage-xray": {
        pass: [goodStage()],
        fail: { fixtures: [goodStage({ xrayTracingEnabled: false })], messages: ["stage (aws:apigateway/stage:Stage): X-Ray tracing is off"] },
        absent: { fixtures: [goodStage({ xrayTracingEnabled: undefined })], messages: ["stage (aws:apigateway/stage:Stage): X-Ray tracing is off"] },
    },
    "backup-vault-kms": {
        pass: [{ type: VAULT, props: { kmsKeyArn: keyArn("us-east-1") } }],
        fail: { fixtures: [{ type: VAULT, name: "v", props: { kmsKeyArn: "" } }], messages: ["v (aws:backup/vault:Vault): the vault has no customer-managed KMS key"] },
        absent: { fixtures: [{ type: VAULT, name: "v", props: {} }], messages: ["v (aws:backup/vault:Vault): the vault has no customer-managed KMS key"] },
    },
    "backup-vault-lock": {
        pass: [{ type: VAULT, name: "v", props: { name: "vault", tags: prod } }, { type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", deps: { backupVaultName: ["v"] }, props: { backupVaultName: "vault", changeableForDays: 3 } }, { type: VAULT, name: "dev-vault", props: { name: "dv", tags: dev } }],
        fail: { fixtures: [{ type: VAULT, name: "v", props: { name: "vault", tags: prod } }, { type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration", props: { backupVaultName: "vault" } }],
            messages: ["v (aws:backup/vault:Vault): no compliance-mode vault lock"] },
        absent: { fixtures: [{ type: VAULT, name: "v", props: { name: "vault", tags: prod } }], messages: ["v (aws:backup/vault:Vault): no compliance-mode vault lock"] },
    },
    "cloudwatch-loggroup-kms": {
        pass: [{ type: LOG_GROUP, props: { kmsKeyId: keyArn("us-east-1") } }],
        fail: { fixtures: [{ type: LOG_GROUP, name: "lg", props: { kmsKeyId: "" } }], messages: ["lg (aws:cloudwatch/logGroup:LogGroup): the log group is not encrypted with a customer-managed key"] },
        absent: { fixtures: [{ type: LOG_GROUP, name: "lg", props: {} }], messages: ["lg (aws:cloudwatch/logGroup:LogGroup): the log group is not encrypted with a customer-managed key"] },
    },
    "cloudwatch-loggroup-retention": {
        pass: [{ type: LOG_GROUP, props: { retentionInDays: 14 } }],
        fail: { fixtures: [{ type: LOG_GROUP, name: "lg", props: { retentionInDays: 0 } }], messages: ["lg (aws:cloudwatch/logGroup:LogGroup): retention is 0: events never expire"] },
        absent: { fixtures: [{ type: LOG_GROUP, name: "lg", props: {} }], messages: ["lg (aws:cloudwatch/logGroup:LogGroup): retention is (absent): events never expire"] },
    },
    "cognito-identitypool-guests": {
        pass: [{ type: "aws:cognito/identityPool:IdentityPool", props: { allowUnauthenticatedIdentities: false, allowClassicFlow: false } }],
        fail: { fixtures: [{ type: "aws:cognito/identityPool:IdentityPool", name: "ip", props: { allowUnauthenticatedIdentities: true, allowClassicFlow: true } }],
            messages: ["ip (aws:cognito/identityPool:IdentityPool): allowUnauthenticatedIdentities is true: guests may get credentials", "ip (aws:cognito/identityPool:IdentityPool): the classic (basic) auth flow is enabled"] },
        absent: { fixtures: [{ type: "aws:cognito/identityPool:IdentityPool", name: "ip", props: {} }],
            messages: ["ip (aws:cognito/identityPool:IdentityPool): allowUnauthenticatedIdentities is (absent): guests may get credentials"] },
    },
    "cognito-userpool-kms": {
        pass: [...replicatedPool(), { ...nativePool({ userPoolTags: dev, keyConfiguration: undefined }), name: "dev-users" }],
        fail: { fixtures: [...replicatedPool({ key: { multiRegion: false, arn: "arn:aws:kms:us-east-1:123456789012:key/0123abcd" }, replicaKey: null })],
            messages: [
                "native-users (aws-native:cognito:UserPool): its key users-key is not multi-Region: Cognito cannot replicate the pool",
                "native-users (aws-native:cognito:UserPool): no replica of its key in eu-west-1, where the pool is replicated",
            ] },
        absent: { fixtures: [nativePool({ keyConfiguration: undefined }), goodPool()],
            messages: [
                "native-users (aws-native:cognito:UserPool): encrypted with (absent: an AWS owned key), not a customer-managed key",
                "users (aws:cognito/userPool:UserPool): encrypted with (absent: an AWS owned key), not a customer-managed key",
            ] },
    },
    "cognito-userpool-mfa": {
        pass: [goodPool(), { ...goodPool({ mfaConfiguration: "OPTIONAL", tags: dev, deletionProtection: "INACTIVE" }), name: "dev-users" }, nativePool(), nativePool({ mfaConfiguration: "OPTIONAL" })],
        fail: { fixtures: [goodPool({ mfaConfiguration: "OPTIONAL", softwareTokenMfaConfiguration: { enabled: false }, deletionProtection: "INACTIVE" }), nativePool({ mfaConfiguration: "OPTIONAL", enabledMfas: ["EMAIL_OTP"], deletionProtection: "INACTIVE" })],
            messages: [
                "users (aws:cognito/userPool:UserPool): MFA is OPTIONAL without TOTP", "users (aws:cognito/userPool:UserPool): deletion protection is INACTIVE",
                "native-users (aws-native:cognito:UserPool): MFA is OPTIONAL without TOTP", "native-users (aws-native:cognito:UserPool): deletion protection is INACTIVE",
            ] },
        absent: { fixtures: [goodPool({ mfaConfiguration: undefined, deletionProtection: undefined }), nativePool({ mfaConfiguration: undefined, enabledMfas: undefined, deletionProtection: undefined })],
            messages: [
                "users (aws:cognito/userPool:UserPool): MFA is (absent: OFF)", "users (aws:cognito/userPool:UserPool): deletion protection is (absent: INACTIVE)",
                "native-users (aws-native:cognito:UserPool): MFA is (absent: OFF)", "native-users (aws-native:cognito:UserPool): deletion protection is (absent: INACTIVE)",
            ] },
    },
    "cognito-userpool-password-policy": {
        pass: [goodPool(), nativePool()],
        fail: { fixtures: [
            goodPool({ passwordPolicy: { minimumLength: 6, requireUppercase: true, requireLowercase: true, requireNumbers: false, requireSymbols: true, temporaryPasswordValidityDays: 30 } }),
            nativePool({ policies: { passwordPolicy: { minimumLength: 12, requireUppercase: false, requireLowercase: true, requireNumbers: true, requireSymbols: true, temporaryPasswordValidityDays: 3 } } }),
        ],
            messages: [
                "users (aws:cognito/userPool:UserPool): minimum length 6 is under 8", "users (aws:cognito/userPool:UserPool): requireNumbers is not true", "users (aws:cognito/userPool:UserPool): temporary passwords are valid 30 days, more than 7",
                "native-users (aws-native:cognito:UserPool): requireUppercase is not true",
            ] },
        absent: { fixtures: [goodPool({ passwordPolicy: undefined }), nativePool({ policies: {} })],
            messages: ["users (aws:cognito/userPool:UserPool): no password policy is set", "native-users (aws-native:cognito:UserPool): no password policy is set"] },
    },
    "cognito-userpool-replica": {
        pass: [...replicatedPool(), { ...nativePool({ userPoolTags: dev }), name: "dev-users" }],
        fail: { fixtures: [...replicatedPool({ status: "INACTIVE" }), goodPool()],
            messages: [
                "native-users (aws-native:cognito:UserPool): its replica in eu-west-1 is not set ACTIVE (status INACTIVE; new replicas start INACTIVE and serve no end user)",
                "users (aws:cognito/userPool:UserPool): no multi-Region replica: sign-in and token refresh stop with the home region",
            ] },
        absent: { fixtures: [...replicatedPool({ status: null })],
            messages: ["native-users (aws-native:cognito:UserPool): its replica in eu-west-1 is not set ACTIVE (no regional settings; new replicas start INACTIVE and serve no end user)"] },
    },
    "cognito-userpool-threat-protection": {
        pass: [goodPool(), { ...goodPool({ tags: dev, userPoolAddOns: { advancedSecurityMode: "OFF" } }), name: "dev-users" }, nativePool(), { ...nativePool({ userPoolTags: dev, userPoolAddOns: undefined }), name: "dev-native" }],
        fail: { fixtures: [goodPool({ userPoolAddOns: { advancedSecurityMode: "AUDIT" } }), nativePool({ userPoolAddOns: { advancedSecurityMode: "AUDIT" } })],
            messages: ["users (aws:cognito/userPool:UserPool): threat protection mode is AUDIT, not ENFORCED", "native-users (aws-native:cognito:UserPool): threat protection mode is AUDIT, not ENFORCED"] },
        absent: { fixtures: [goodPool({ userPoolAddOns: undefined }), nativePool({ userPoolAddOns: undefined })],
            messages: ["users (aws:cognito/userPool:UserPool): threat protection mode is (absent: OFF), not ENFORCED", "native-users (aws-native:cognito:UserPool): threat protection mode is (absent: OFF), not ENFORCED"] },
    },
    "dynamodb-table-backup-plan": {
        pass: [goodTable(), { type: "aws:backup/selection:Selection", props: { resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/platform-prod"] } }],
        fail: { fixtures: [goodTable(), { type: "aws:backup/selection:Selection", props: { resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/other"] } }],
            messages: ["data (aws:dynamodb/table:Table): no backup selection includes table platform-prod"] },
        absent: { fixtures: [goodTable()], messages: ["data (aws:dynamodb/table:Table): no backup selection includes table platform-prod"] },
    },
    "dynamodb-table-capacity": {
        pass: [goodTable()],
        fail: { fixtures: [goodTable({ billingMode: "PROVISIONED" }), { type: "aws:appautoscaling/target:Target", props: { resourceId: "table/platform-prod", scalableDimension: "dynamodb:table:ReadCapacityUnits" } }],
            messages: ["data (aws:dynamodb/table:Table): provisioned capacity without auto scaling of reads and writes"] },
        absent: { fixtures: [goodTable({ billingMode: undefined })], messages: ["data (aws:dynamodb/table:Table): provisioned capacity without auto scaling of reads and writes"] },
    },
    "dynamodb-table-deletion-protection": {
        pass: [goodTable(), { ...goodTable({ tags: dev, deletionProtectionEnabled: false, replicas: [{ regionName: "eu-west-1" }] }), name: "dev-data" }],
        fail: { fixtures: [goodTable({ replicas: [{ regionName: "eu-west-1", deletionProtectionEnabled: false }] })], messages: ["data (aws:dynamodb/table:Table): deletion protection is off on replica eu-west-1"] },
        absent: { fixtures: [goodTable({ deletionProtectionEnabled: undefined, replicas: [{ regionName: "eu-west-1" }] })],
            messages: ["data (aws:dynamodb/table:Table): deletion protection is off on the table", "data (aws:dynamodb/table:Table): deletion protection is off on replica eu-west-1"] },
    },
    "dynamodb-table-kms": {
        pass: [goodTable()],
        fail: { fixtures: [goodTable({ replicas: [{ regionName: "eu-west-1", kmsKeyArn: keyArn("us-east-1") }, { regionName: "ap-northeast-2" }] })],
            messages: ["data (aws:dynamodb/table:Table): replica eu-west-1 uses a key from us-east-1; a replica needs a key in its own region", "data (aws:dynamodb/table:Table): replica ap-northeast-2 has no customer-managed KMS key"] },
        absent: { fixtures: [goodTable({ serverSideEncryption: undefined })], messages: ["data (aws:dynamodb/table:Table): the table is not encrypted with a customer-managed KMS key"] },
    },
    "dynamodb-table-pitr": {
        pass: [goodTable()],
        fail: { fixtures: [goodTable({ replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: false }] })], messages: ["data (aws:dynamodb/table:Table): point-in-time recovery is off on replica eu-west-1"] },
        absent: { fixtures: [goodTable({ pointInTimeRecovery: undefined, replicas: [{ regionName: "eu-west-1" }] })],
            messages: ["data (aws:dynamodb/table:Table): point-in-time recovery is off on the table", "data (aws:dynamodb/table:Table): point-in-time recovery is off on replica eu-west-1"] },
    },
    "iam-policy-wildcards": {
        pass: [{ type: ROLE_POLICY, name: "p", props: { policy: doc({ Sid: "Read", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: "*" }, { Sid: "DenyAll", Effect: "Deny", Action: "*", Resource: "*" }) } }],
        fail: { fixtures: [{ type: "aws:iam/policy:Policy", name: "p", props: { policy: doc({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }, { Sid: "Svc", Effect: "Allow", Action: ["s3:*"], Resource: "*" }, { Sid: "Not", Effect: "Allow", NotAction: "iam:*", Resource: "*" }) } }],
            messages: ["p (aws:iam/policy:Policy): statement Admin allows every action (*)", "p (aws:iam/policy:Policy): statement Svc allows s3:*", "p (aws:iam/policy:Policy): statement Not uses Allow with NotAction"] },
        absent: { fixtures: [{ type: ROLE, name: "r", props: {} }, { type: ROLE_POLICY, name: "p", props: {} }], messages: [] },
    },
    "iam-role-row-level": {
        pass: [{ type: ROLE, name: "auth", props: { name: "auth", assumeRolePolicy: identityTrust() } }, { type: ROLE_POLICY, deps: { role: ["auth"] }, props: { role: "auth", policy: rowLevel() } }],
        fail: { fixtures: [{ type: ROLE, name: "auth", props: { name: "auth", assumeRolePolicy: identityTrust({ Condition: { "StringEquals": { "cognito-identity.amazonaws.com:aud": "p" }, "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "unauthenticated" } } }) } },
            { type: ROLE_POLICY, deps: { role: ["auth"] }, props: { role: "auth", policy: rowLevel({ Action: ["dynamodb:Query", "dynamodb:Scan"], Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["USER#${aws:PrincipalTag/sub}"] } } }) } }],
            messages: [
                "auth (aws:iam/role:Role): trust does not require amr = authenticated",
                "auth (aws:iam/role:Role): statement OwnRows allows dynamodb:Scan",
                "auth (aws:iam/role:Role): statement OwnRows does not require a leading key (Null dynamodb:LeadingKeys = false): ForAllValues over an absent key is true",
            ] },
        absent: { fixtures: [{ type: ROLE, name: "auth", props: { name: "auth", assumeRolePolicy: identityTrust({ Condition: undefined }) } }, { type: ROLE_POLICY, deps: { role: ["auth"] }, props: { role: "auth", policy: rowLevel({ Condition: undefined }) } }],
            messages: [
                "auth (aws:iam/role:Role): trust has no cognito-identity.amazonaws.com:aud condition",
                "auth (aws:iam/role:Role): trust does not require amr = authenticated",
                "auth (aws:iam/role:Role): statement OwnRows has no ForAllValues:StringEquals dynamodb:LeadingKeys bound to the caller",
                "auth (aws:iam/role:Role): statement OwnRows does not require a leading key (Null dynamodb:LeadingKeys = false): ForAllValues over an absent key is true",
            ] },
    },
    "kms-key-deletion": {
        pass: [{ type: KEY, protect: true, props: { deletionWindowInDays: 30, tags: prod } }, { type: KEY, props: { deletionWindowInDays: 30, tags: dev } }, { type: REPLICA_KEY, protect: true, props: { deletionWindowInDays: 30, tags: prod } }],
        fail: { fixtures: [{ type: KEY, name: "k", props: { deletionWindowInDays: 7, tags: prod } }, { type: REPLICA_KEY, name: "rk", props: { deletionWindowInDays: 30, tags: prod } }],
            messages: ["k (aws:kms/key:Key): deletion window is 7 days", "k (aws:kms/key:Key): the key is not protected from deletion by `pulumi destroy`", "rk (aws:kms/replicaKey:ReplicaKey): the key is not protected from deletion by `pulumi destroy`"] },
        absent: { fixtures: [{ type: KEY, name: "k", props: {} }], messages: [] },
    },
    "kms-key-public": {
        pass: [{ type: KEY, props: { policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }) } }],
        fail: { fixtures: [{ type: KEY, name: "k", props: { policy: doc({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }) } }, { type: REPLICA_KEY, name: "rk", props: { policy: doc({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:*", Resource: "*" }) } }],
            messages: ["k (aws:kms/key:Key): statement Open allows any principal", "rk (aws:kms/replicaKey:ReplicaKey): statement Open allows any principal"] },
        absent: { fixtures: [{ type: KEY, name: "k", props: {} }], messages: [] },
    },
    "kms-key-rotation": {
        pass: [{ type: KEY, props: { enableKeyRotation: true } }, { type: KEY, props: { customerMasterKeySpec: "RSA_2048" } }],
        fail: { fixtures: [{ type: KEY, name: "k", props: { enableKeyRotation: false } }], messages: ["k (aws:kms/key:Key): automatic key rotation is off"] },
        absent: { fixtures: [{ type: KEY, name: "k", props: {} }], messages: ["k (aws:kms/key:Key): automatic key rotation is off"] },
    },
    "kms-policy-decrypt-all": {
        pass: [{ type: ROLE_POLICY, props: { policy: doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn("us-east-1") }) } }],
        fail: { fixtures: [{ type: ROLE, name: "r", props: { inlinePolicies: [{ name: "x", policy: doc({ Sid: "All", Effect: "Allow", Action: ["kms:*"], Resource: "*" }) }] } }],
            messages: ["r (aws:iam/role:Role): statement All allows kms:Decrypt on every key", "r (aws:iam/role:Role): statement All allows kms:ReEncryptFrom on every key"] },
        absent: { fixtures: [{ type: ROLE, name: "r", props: {} }], messages: [] },
    },
    "lambda-function-log-group": {
        pass: [{ type: FUNCTION, props: { name: "fn", loggingConfig: { logGroup: "/platform/fn" } } }, { type: LOG_GROUP, props: { name: "/platform/fn" } }],
        fail: { fixtures: [{ type: FUNCTION, name: "f", props: { name: "fn", loggingConfig: { logGroup: "/other" } } }, { type: LOG_GROUP, props: { name: "/platform/fn" } }],
            messages: ["f (aws:lambda/function:Function): logs go to /other, which this stack does not manage"] },
        absent: { fixtures: [{ type: FUNCTION, name: "f", props: {} }], messages: ["f (aws:lambda/function:Function): logs go to an unmanaged log group, which this stack does not manage"] },
    },
    "lambda-function-runtime": {
        pass: [{ type: FUNCTION, props: { runtime: "nodejs24.x" } }, { type: FUNCTION, props: { packageType: "Image" } }],
        fail: { fixtures: [{ type: FUNCTION, name: "f", props: { runtime: "nodejs16.x" } }], messages: ["f (aws:lambda/function:Function): runtime nodejs16.x is not supported"] },
        absent: { fixtures: [{ type: FUNCTION, name: "f", props: {} }], messages: ["f (aws:lambda/function:Function): runtime (absent) is not supported"] },
    },
    "lambda-function-tracing": {
        pass: [{ type: FUNCTION, props: { tracingConfig: { mode: "Active" } } }],
        fail: { fixtures: [{ type: FUNCTION, name: "f", props: { tracingConfig: { mode: "PassThrough" } } }], messages: ["f (aws:lambda/function:Function): X-Ray active tracing is off"] },
        absent: { fixtures: [{ type: FUNCTION, name: "f", props: {} }], messages: ["f (aws:lambda/function:Function): X-Ray active tracing is off"] },
    },
    "lambda-permission-public": {
        pass: [{ type: "aws:lambda/permission:Permission", props: { principal: "apigateway.amazonaws.com", sourceArn: "arn:aws:execute-api:us-east-1:1:api/*/GET/items" } }, { type: "aws:lambda/functionUrl:FunctionUrl", props: { authorizationType: "AWS_IAM" } }],
        fail: { fixtures: [{ type: "aws:lambda/permission:Permission", name: "p", props: { principal: "*" } }, { type: "aws:lambda/functionUrl:FunctionUrl", name: "u", props: { authorizationType: "NONE" } }],
            messages: ["p (aws:lambda/permission:Permission): principal * lets anyone invoke the function", "u (aws:lambda/functionUrl:FunctionUrl): function URL auth type is NONE, not AWS_IAM"] },
        absent: { fixtures: [{ type: "aws:lambda/permission:Permission", name: "p", props: { principal: "apigateway.amazonaws.com" } }],
            messages: ["p (aws:lambda/permission:Permission): service principal apigateway.amazonaws.com is not scoped with sourceArn"] },
    },
    "platform-regions-complete": {
        pass: [goodTable(), restApi("us-east-1"), restApi("eu-west-1"), healthCheck("us-east-1"), healthCheck("eu-west-1")],
        fail: { fixtures: [goodTable(), restApi("us-east-1"), healthCheck("us-east-1"), healthCheck("eu-west-1", "api.example.com"), { type: "aws:apigateway/domainName:DomainName", props: {} }, latencyRecord("us-east-1")],
            messages: ["region eu-west-1 of data has no REST API, no health check, no latency record"] },
        absent: { fixtures: [goodTable({ replicas: undefined }), restApi("us-east-1"), healthCheck("us-east-1")], messages: [] },
    },
    "route53-record-latency-health-check": {
        pass: [healthCheck("us-east-1"), latencyRecord("us-east-1"), { type: RECORD, props: { name: "us-east-1.api.example.com", type: "A" } }],
        fail: { fixtures: [healthCheck("us-east-1", "api.example.com"), latencyRecord("us-east-1"), healthCheck("eu-west-1", "abc.execute-api.us-east-1.amazonaws.com"), latencyRecord("eu-west-1", { aliases: [{ name: "x", zoneId: "Z", evaluateTargetHealth: false }] })],
            messages: [
                "latency-us-east-1 (aws:route53/record:Record) for us-east-1: health check hc-us-east-1 probes the latency name api.example.com itself",
                "latency-eu-west-1 (aws:route53/record:Record) for eu-west-1: health check hc-eu-west-1 probes abc.execute-api.us-east-1.amazonaws.com, not the eu-west-1 API hostname",
                "latency-eu-west-1 (aws:route53/record:Record) for eu-west-1: alias.evaluateTargetHealth is not true",
            ] },
        absent: { fixtures: [{ ...latencyRecord("us-east-1", { healthCheckId: undefined }), deps: {} }], messages: ["latency-us-east-1 (aws:route53/record:Record) for us-east-1: no health check"] },
    },
    "sfn-statemachine-logging": {
        pass: [{ type: "aws:sfn/stateMachine:StateMachine", props: { loggingConfiguration: { level: "ERROR", logDestination: "arn:aws:logs:us-east-1:1:log-group:x:*" } } }],
        fail: { fixtures: [{ type: "aws:sfn/stateMachine:StateMachine", name: "sm", props: { loggingConfiguration: { level: "OFF", logDestination: "arn:x" } } }], messages: ["sm (aws:sfn/stateMachine:StateMachine): logging level is OFF"] },
        absent: { fixtures: [{ type: "aws:sfn/stateMachine:StateMachine", name: "sm", props: {} }], messages: ["sm (aws:sfn/stateMachine:StateMachine): logging level is (absent: OFF) with no log destination"] },
    },
    "sfn-statemachine-task-tokens": {
        pass: [{ type: "aws:sfn/stateMachine:StateMachine", props: { type: "STANDARD", definition: "{\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\"}", loggingConfiguration: { level: "ERROR", includeExecutionData: false } } }],
        fail: {
            fixtures: [{ type: "aws:sfn/stateMachine:StateMachine", name: "sm", props: { type: "EXPRESS", definition: "{\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\"}", loggingConfiguration: { level: "ALL", includeExecutionData: true } } }],
            messages: [
                "sm (aws:sfn/stateMachine:StateMachine): uses .waitForTaskToken but is EXPRESS (only Standard workflows wait for task tokens)",
                "sm (aws:sfn/stateMachine:StateMachine): logs execution data (inputs and outputs: personal data, task tokens)",
            ],
        },
        absent: { fixtures: [{ type: "aws:sfn/stateMachine:StateMachine", name: "sm", props: {} }], messages: [] },
    },
    "sns-topic-kms": {
        pass: [{ type: "aws:sns/topic:Topic", props: { kmsMasterKeyId: keyArn("us-east-1") } }],
        fail: { fixtures: [{ type: "aws:sns/topic:Topic", name: "t", props: { kmsMasterKeyId: "" } }], messages: ["t (aws:sns/topic:Topic): the topic is not encrypted with KMS"] },
        absent: { fixtures: [{ type: "aws:sns/topic:Topic", name: "t", props: {} }], messages: ["t (aws:sns/topic:Topic): the topic is not encrypted with KMS"] },
    },
    "sns-topic-public": {
        pass: [{ type: "aws:sns/topicPolicy:TopicPolicy", props: { policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "*", Condition: { StringEquals: { "AWS:SourceAccount": "1" } } }) } }],
        fail: { fixtures: [{ type: "aws:sns/topicPolicy:TopicPolicy", name: "tp", props: { policy: doc({ Sid: "Pub", Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sns:Publish", Resource: "*" }) } }], messages: ["tp (aws:sns/topicPolicy:TopicPolicy): statement Pub allows any principal"] },
        absent: { fixtures: [{ type: "aws:sns/topic:Topic", name: "t", props: {} }], messages: [] },
    },
    "sqs-queue-encryption": {
        pass: [{ type: "aws:sqs/queue:Queue", props: { sqsManagedSseEnabled: true } }],
        fail: { fixtures: [{ type: "aws:sqs/queue:Queue", name: "q", props: { sqsManagedSseEnabled: false } }], messages: ["q (aws:sqs/queue:Queue): the queue is not encrypted at rest"] },
        absent: { fixtures: [{ type: "aws:sqs/queue:Queue", name: "q", props: {} }], messages: ["q (aws:sqs/queue:Queue): the queue is not encrypted at rest"] },
    },
    "sqs-queue-public": {
        pass: [{ type: "aws:sqs/queuePolicy:QueuePolicy", props: { policy: doc({ Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "*" }) } }],
        fail: { fixtures: [{ type: "aws:sqs/queuePolicy:QueuePolicy", name: "qp", props: { policy: doc({ Effect: "Allow", Principal: "*", Action: "sqs:*", Resource: "*" }) } }], messages: ["qp (aws:sqs/queuePolicy:QueuePolicy): statement (no Sid) allows any principal"] },
        absent: { fixtures: [{ type: "aws:sqs/queue:Queue", name: "q", props: {} }], messages: [] },
    },
    "platform-resource-tags": {
        pass: [{ type: KEY, props: { tags: { owner: "o", costCenter: "1", project: "p", stack: "s", environment: "dev" } } }, { type: NATIVE_POOL, props: { userPoolTags: { owner: "o", costCenter: "1", project: "p", stack: "s", environment: "dev" } } }],
        fail: { fixtures: [{ type: KEY, name: "k", props: { tags: { owner: "o", project: "p", stack: "s", environment: "" } } }], messages: ["k (aws:kms/key:Key): missing tags: costCenter, environment"] },
        absent: { fixtures: [{ type: KEY, name: "k", props: {} }], messages: ["k (aws:kms/key:Key): missing tags: owner, costCenter, project, stack, environment"] },
    },
    "platform-cost-budget": {
        pass: budgeted(prod, 10),
        fail: { fixtures: budgeted(prod, 3), messages: ["fixed monthly cost $4.00 is over platform:budget.monthlyFixedUsd $3.00 (us-east-1 $4.00)"] },
        absent: { fixtures: budgeted(prod, undefined), messages: [] },
    },
    "platform-cost-budget-advisory": {
        pass: budgeted(dev, 10),
        fail: { fixtures: budgeted(dev, 3.5), messages: ["fixed monthly cost $4.00 is over platform:budget.monthlyFixedUsd $3.50 (us-east-1 $4.00)"] },
        absent: { fixtures: budgeted(dev, undefined), messages: [] },
    },
    "cloudfront-distribution-root-object": {
        pass: [goodDist(), { ...goodDist({ defaultRootObject: undefined, origins: [{ originId: "api", domainName: "api.example.com", customOriginConfig: { originProtocolPolicy: "https-only" } }] }), name: "custom" }],
        fail: { fixtures: [goodDist({ defaultRootObject: "" })], messages: ["cdn (aws:cloudfront/distribution:Distribution): has S3 origins and no default root object"] },
        absent: { fixtures: [goodDist({ defaultRootObject: undefined })], messages: ["cdn (aws:cloudfront/distribution:Distribution): has S3 origins and no default root object"] },
    },
    "cloudfront-distribution-https": {
        pass: [goodDist(), { ...goodDist({ orderedCacheBehaviors: [{ pathPattern: "/assets/*", viewerProtocolPolicy: "https-only" }] }), name: "ordered" }],
        fail: { fixtures: [goodDist({ orderedCacheBehaviors: [{ pathPattern: "/assets/*", viewerProtocolPolicy: "allow-all" }] })], messages: ["cdn (aws:cloudfront/distribution:Distribution): cache behavior /assets/* allows viewers allow-all"] },
        absent: { fixtures: [goodDist({ defaultCacheBehavior: { targetOriginId: "site" } })], messages: ["cdn (aws:cloudfront/distribution:Distribution): cache behavior default allows viewers (no viewer protocol policy)"] },
    },
    "cloudfront-distribution-logging": {
        pass: [goodDist()],
        fail: { fixtures: [goodDist({ loggingConfig: { bucket: "" } })], messages: ["cdn (aws:cloudfront/distribution:Distribution): has no access logging"] },
        absent: { fixtures: [goodDist({ loggingConfig: undefined })], messages: ["cdn (aws:cloudfront/distribution:Distribution): has no access logging"] },
    },
    "cloudfront-distribution-waf": {
        pass: [goodDist(), { ...goodDist({ tags: dev, webAclId: undefined }), name: "dev-cdn" }],
        fail: { fixtures: [goodDist({ webAclId: "" })], messages: ["cdn (aws:cloudfront/distribution:Distribution): has no WAF web ACL"] },
        absent: { fixtures: [goodDist({ webAclId: undefined })], messages: ["cdn (aws:cloudfront/distribution:Distribution): has no WAF web ACL"] },
    },
    "cloudfront-distribution-certificate": {
        // Without aliases (dev, no DNS) CloudFront's own certificate on *.cloudfront.net is what there is.
        pass: [goodDist(), { ...goodDist({ aliases: undefined, viewerCertificate: { cloudfrontDefaultCertificate: true } }), name: "dev-cdn" }],
        fail: { fixtures: [goodDist({ viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/1", sslSupportMethod: "vip", minimumProtocolVersion: "TLSv1_2016" } })],
            messages: ["cdn (aws:cloudfront/distribution:Distribution): serves HTTPS with vip, not SNI", "cdn (aws:cloudfront/distribution:Distribution): minimum viewer protocol TLSv1_2016 allows TLS older than 1.2"] },
        absent: { fixtures: [goodDist({ viewerCertificate: undefined })], messages: [
            "cdn (aws:cloudfront/distribution:Distribution): serves its aliases without a custom certificate",
            "cdn (aws:cloudfront/distribution:Distribution): serves HTTPS with (no SSL support method), not SNI",
            "cdn (aws:cloudfront/distribution:Distribution): minimum viewer protocol (absent: TLSv1) allows TLS older than 1.2"] },
    },
    "cloudfront-distribution-origin-tls": {
        pass: [goodDist(), { ...goodDist({ origins: [{ originId: "api", domainName: "api.example.com", customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] } }] }), name: "custom" }],
        fail: { fixtures: [goodDist({ origins: [{ originId: "api", domainName: "api.example.com", customOriginConfig: { originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1", "TLSv1.2"] } }] })],
            messages: ["cdn (aws:cloudfront/distribution:Distribution): origin api is reached with match-viewer, not https-only", "cdn (aws:cloudfront/distribution:Distribution): origin api allows TLSv1"] },
        absent: { fixtures: [goodDist({ origins: [{ originId: "api", domainName: "api.example.com", customOriginConfig: {} }] })],
            messages: ["cdn (aws:cloudfront/distribution:Distribution): origin api is reached with (no protocol policy), not https-only", "cdn (aws:cloudfront/distribution:Distribution): origin api allows (unspecified protocols)"] },
    },
    "cloudfront-distribution-oac": {
        pass: [goodDist()],
        fail: { fixtures: [goodDist({ origins: [s3Origin("primary", { originAccessControlId: undefined, s3OriginConfig: { originAccessIdentity: "origin-access-identity/cloudfront/E1" } })] })],
            messages: ["cdn (aws:cloudfront/distribution:Distribution): S3 origin primary uses an origin access identity"] },
        absent: { fixtures: [goodDist({ origins: [s3Origin("primary", { originAccessControlId: undefined })] })], messages: ["cdn (aws:cloudfront/distribution:Distribution): S3 origin primary has no origin access control"] },
    },
    "cloudfront-distribution-s3-origins": {
        pass: consoleSite,
        fail: { fixtures: [bucketFixture("site"), bucketFixture("logs"), { ...goodDist(), deps: { origins: ["site"], loggingConfig: ["logs"] } }],
            messages: ["cdn (aws:cloudfront/distribution:Distribution): 2 S3 origin(s) but 1 bucket(s) of this stack behind them"] },
        absent: { fixtures: [{ ...goodDist(), deps: {} }], messages: ["cdn (aws:cloudfront/distribution:Distribution): 2 S3 origin(s) but 0 bucket(s) of this stack behind them"] },
    },
    "s3-bucket-public-access": {
        pass: [bucketFixture("site"), pab("site")],
        fail: { fixtures: [bucketFixture("site"), pab("site", { ignorePublicAcls: false, restrictPublicBuckets: false })], messages: ["site (aws:s3/bucket:Bucket): public access block leaves ignorePublicAcls, restrictPublicBuckets off"] },
        absent: { fixtures: [bucketFixture("site"), bucketFixture("other"), pab("other")], messages: ["site (aws:s3/bucket:Bucket): no public access block"] },
    },
    "s3-bucket-tls-only": {
        pass: [bucketFixture("site"), tlsPolicy("site")],
        fail: { fixtures: [bucketFixture("site"), tlsPolicy("site", "true")], messages: ["site (aws:s3/bucket:Bucket): no bucket policy denies requests without TLS"] },
        absent: { fixtures: [bucketFixture("site")], messages: ["site (aws:s3/bucket:Bucket): no bucket policy denies requests without TLS"] },
    },
    "s3-bucket-encryption": {
        pass: [bucketFixture("site"), sse("site", "AES256")],
        fail: { fixtures: [bucketFixture("site"), sse("site", "none")], messages: ["site (aws:s3/bucket:Bucket): no default encryption configuration"] },
        absent: { fixtures: [bucketFixture("site"), sse("site")], messages: ["site (aws:s3/bucket:Bucket): no default encryption configuration"] },
    },
    "s3-bucket-versioning": {
        // The CloudFront log bucket is exempt.
        pass: [...consoleSite, versioning("site"), versioning("replica")],
        fail: { fixtures: [...consoleSite, versioning("site"), versioning("replica", "Suspended")], messages: ["replica (aws:s3/bucket:Bucket): versioning is not enabled"] },
        absent: { fixtures: [bucketFixture("site")], messages: ["site (aws:s3/bucket:Bucket): versioning is not enabled"] },
    },
    "s3-bucket-replication": {
        pass: [...consoleSite, replicationOf("site", "replica")],
        fail: { fixtures: [...consoleSite, replicationOf("site", "replica", "Disabled")],
            messages: ["site (aws:s3/bucket:Bucket): neither replicated to another region nor a replica"] },
        absent: { fixtures: [bucketFixture("site")], messages: ["site (aws:s3/bucket:Bucket): neither replicated to another region nor a replica"] },
    },
};
