/**
 * The IAM documents of the role that deploys the platform from GitHub Actions, generated from
 * what the program creates: the offline plan's resource types say which actions the role needs,
 * the plan's regions where, and the plan's physical names which resources (where AWS puts the
 * name in the ARN and the program sets it). `npm run deploy-policy` prints them; docs/deploy.md
 * explains how to use them; tests/logic/deployPolicy.spec.ts fails when the plan gains a resource
 * type that no grant here covers.
 *
 * What this cannot prove offline: that the list holds every call the Pulumi AWS provider makes
 * for these types (it follows the provider's create/read/update/delete/tag calls and the AWS
 * service authorization reference; a missing action shows up as an AccessDenied naming it on the
 * first `pulumi up`). Add it to the type's grant below, and the test keeps it.
 *
 * Scope, in order of strength: only the services and actions the plan's types need; only in the
 * plan's regions (`aws:RequestedRegion`; IAM and Route 53 are global and answer in us-east-1);
 * only this account; and, where the program names the resource, only those names. What it does
 * not stop: the role manages IAM roles and their inline policies (the program creates 30+), so a
 * compromised pipeline could write itself a broader policy. A permissions boundary on the roles
 * the program creates would close that; the program sets none today (docs/deploy.md says so).
 */
import type { PlanResource } from "./planModel";

/** An IAM policy document. */
export interface IamPolicy {
    readonly Version: "2012-10-17";
    readonly Statement: readonly IamStatement[];
}

/** One statement. */
export interface IamStatement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action: readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Principal?: Record<string, string>;
    readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

/** What the documents are generated for. */
export interface DeployScope {
    /** The 12-digit account the stack deploys to. */
    readonly accountId: string;
    /** Every region the plan puts a resource in (the copy region included). */
    readonly regions: readonly string[];
}

/** What one resource type needs. */
interface Grant {
    /** Management actions: create, read, update, delete, tag. */
    readonly actions: readonly string[];
    /**
     * ARNs these actions apply to, from the names of this type's resources in the plan (`names`
     * has region names replaced by `*`, so one pattern covers every region).
     */
    readonly resources: (ctx: { account: string; names: readonly string[] }) => readonly string[];
    /** Actions that support no resource-level permission (IAM evaluates them against `*`). */
    readonly unscoped?: readonly string[];
    /** Global service: requested through us-east-1 whatever the stack's regions. */
    readonly global?: boolean;
    /** The input holding the physical name, when the program sets it. @default "name" */
    readonly nameInput?: string;
    /** Regions a resource acts in besides its own (a global table creates its replicas there). */
    readonly alsoIn?: (inputs: Record<string, any>) => readonly string[];
    /** Statements this type needs on other services' resources (e.g. a vault's use of its KMS key). */
    readonly also?: (ctx: { account: string }) => readonly { readonly actions: readonly string[]; readonly resources: readonly string[] }[];
}

/** Pulumi autonames a resource `<logical name>-<7 hex>` when the program sets no name. */
const autoName = (logical: string) => `${logical}-*`;

/** An autonamed physical name as the plan shows it (`backup-role-af97b46`, the suffix invented offline) -> `backup-role-*`. */
const AUTONAME_SUFFIX = /-[0-9a-f]{7}$/;

/** The Cloud Control API calls the aws-native provider makes for every resource (no resource-level permissions). */
const CLOUD_CONTROL = [
    "cloudformation:CreateResource", "cloudformation:GetResource", "cloudformation:UpdateResource", "cloudformation:DeleteResource",
    "cloudformation:GetResourceRequestStatus", "cloudformation:ListResources",
];

const IAM_ROLE_ACTIONS = [
    "iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy",
    "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole",
];

/**
 * Grants by Pulumi resource type. Every type the program can create has an entry (the test
 * checks it against the dev and prod plans and the optional features); nothing else does.
 */
export const RESOURCE_GRANTS: Readonly<Record<string, Grant>> = {
    "aws:dynamodb/table:Table": {
        // Replicas: CreateTableReplica and the data actions in each replica region, as DynamoDB requires of the caller.
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2gt_IAM.html
        actions: [
            "dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups",
            "dynamodb:UpdateContinuousBackups", "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive", "dynamodb:ListTagsOfResource",
            "dynamodb:TagResource", "dynamodb:UntagResource", "dynamodb:DescribeKinesisStreamingDestination", "dynamodb:CreateTableReplica",
            "dynamodb:DeleteTableReplica", "dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:DescribeStream",
        ],
        resources: ({ account, names }) => names.flatMap(n => [`arn:aws:dynamodb:*:${account}:table/${n}`, `arn:aws:dynamodb:*:${account}:table/${n}/*`]),
        alsoIn: inputs => (Array.isArray(inputs.replicas) ? inputs.replicas : []).map((r: { regionName?: string }) => r.regionName ?? "").filter(Boolean),
    },
    "aws:dynamodb/tableItem:TableItem": {
        actions: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"],
        resources: ({ account, names }) => names.map(n => `arn:aws:dynamodb:*:${account}:table/${n}`),
        nameInput: "tableName",
    },
    "aws:kms/key:Key": {
        // Keys have generated ids: key actions on this account's keys in the stack's regions.
        actions: [
            "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:ListResourceTags",
            "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:UpdateKeyDescription", "kms:CreateGrant",
        ],
        resources: ({ account }) => [`arn:aws:kms:*:${account}:key/*`],
        unscoped: ["kms:CreateKey"],
    },
    "aws:kms/replicaKey:ReplicaKey": {
        // A replica key is created in its own region from the primary: ReplicateKey on the primary,
        // CreateKey in the replica's region, then the key's own management actions there.
        // https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-auth.html
        actions: [
            "kms:ReplicateKey", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:ListResourceTags", "kms:TagResource",
            "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:UpdateKeyDescription", "kms:EnableKey", "kms:DisableKey",
        ],
        resources: ({ account }) => [`arn:aws:kms:*:${account}:key/*`],
        unscoped: ["kms:CreateKey"],
        alsoIn: inputs => [String(inputs.primaryKeyArn ?? "").split(":")[3] ?? ""].filter(Boolean),
    },
    "aws:kms/alias:Alias": {
        actions: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias"],
        resources: ({ account, names }) => [...names.map(n => `arn:aws:kms:*:${account}:${n}`), `arn:aws:kms:*:${account}:key/*`],
        unscoped: ["kms:ListAliases"],
    },
    "aws:iam/role:Role": {
        actions: IAM_ROLE_ACTIONS,
        resources: ({ account, names }) => names.map(n => `arn:aws:iam::${account}:role/${n}`),
        global: true,
    },
    "aws:iam/rolePolicy:RolePolicy": {
        actions: ["iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"],
        resources: ({ account, names }) => names.map(n => `arn:aws:iam::${account}:role/${n}`),
        global: true,
        nameInput: "role",
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        actions: ["iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies"],
        resources: ({ account, names }) => names.map(n => `arn:aws:iam::${account}:role/${n}`),
        global: true,
        nameInput: "role",
    },
    "aws:lambda/function:Function": {
        actions: [
            "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration", "lambda:ListVersionsByFunction", "lambda:GetFunctionCodeSigningConfig", "lambda:GetRuntimeManagementConfig",
            "lambda:GetFunctionConcurrency", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:ListTags", "lambda:TagResource",
            "lambda:UntagResource", "lambda:GetPolicy",
        ],
        resources: ({ account, names }) => names.map(n => `arn:aws:lambda:*:${account}:function:${n}`),
    },
    // Event source mapping ids are UUIDs assigned by Lambda, unknown before creation: the grant names
    // the account's mappings. Creating one also reads the stream it consumes.
    "aws:lambda/eventSourceMapping:EventSourceMapping": {
        actions: [
            "lambda:DeleteEventSourceMapping", "lambda:GetEventSourceMapping", "lambda:UpdateEventSourceMapping",
            "lambda:ListTags", "lambda:TagResource", "lambda:UntagResource",
        ],
        resources: ({ account }) => [`arn:aws:lambda:*:${account}:event-source-mapping:*`],
        // CreateEventSourceMapping and ListEventSourceMappings take no resource (Service Authorization Reference).
        unscoped: ["lambda:CreateEventSourceMapping", "lambda:ListEventSourceMappings"],
        also: ({ account }) => [{ actions: ["dynamodb:DescribeStream"], resources: [`arn:aws:dynamodb:*:${account}:table/*/stream/*`] }],
    },
    "aws:cloudwatch/eventRule:EventRule": {
        actions: ["events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:EnableRule", "events:DisableRule", "events:ListTagsForResource", "events:TagResource", "events:UntagResource"],
        resources: ({ account, names }) => names.map(n => `arn:aws:events:*:${account}:rule/${n}`),
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        actions: ["events:PutTargets", "events:RemoveTargets", "events:ListTargetsByRule"],
        resources: ({ account }) => [`arn:aws:events:*:${account}:rule/*`],
        nameInput: "rule",
    },
    "aws:fis/experimentTemplate:ExperimentTemplate": {
        actions: ["fis:CreateExperimentTemplate", "fis:DeleteExperimentTemplate", "fis:GetExperimentTemplate", "fis:UpdateExperimentTemplate", "fis:TagResource", "fis:UntagResource", "fis:ListTagsForResource"],
        resources: ({ account }) => [`arn:aws:fis:*:${account}:experiment-template/*`, `arn:aws:fis:*:${account}:action/*`],
        nameInput: "description",
    },
    "aws:ssm/document:Document": {
        actions: ["ssm:CreateDocument", "ssm:DeleteDocument", "ssm:DescribeDocument", "ssm:GetDocument", "ssm:UpdateDocument", "ssm:UpdateDocumentDefaultVersion", "ssm:DescribeDocumentPermission", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"],
        resources: ({ account, names }) => names.map(n => `arn:aws:ssm:*:${account}:document/${n}`),
    },
    "aws:sqs/queue:Queue": {
        actions: [
            "sqs:CreateQueue", "sqs:DeleteQueue", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes", "sqs:GetQueueUrl",
            "sqs:ListQueueTags", "sqs:TagQueue", "sqs:UntagQueue",
        ],
        resources: ({ account, names }) => names.map(n => `arn:aws:sqs:*:${account}:${n}`),
    },
    "aws:lambda/permission:Permission": {
        actions: ["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"],
        resources: ({ account, names }) => names.map(n => `arn:aws:lambda:*:${account}:function:${n}`),
        nameInput: "function",
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        actions: [
            "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey",
            "logs:DisassociateKmsKey", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup", "logs:ListTagsLogGroup",
        ],
        resources: ({ account, names }) => names.flatMap(n => [`arn:aws:logs:*:${account}:log-group:${n}`, `arn:aws:logs:*:${account}:log-group:${n}:*`]),
        unscoped: ["logs:DescribeLogGroups"],
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        actions: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
        resources: ({ account, names }) => names.map(n => `arn:aws:cloudwatch:*:${account}:alarm:${n}`),
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        actions: ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards"],
        resources: ({ account, names }) => names.map(n => `arn:aws:cloudwatch::${account}:dashboard/${n}`),
        nameInput: "dashboardName",
    },
    "aws:sns/topic:Topic": {
        actions: ["sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListTagsForResource", "sns:TagResource", "sns:UntagResource"],
        resources: ({ account, names }) => names.map(n => `arn:aws:sns:*:${account}:${n}`),
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        actions: ["sns:GetTopicAttributes", "sns:SetTopicAttributes"],
        resources: ({ account }) => [`arn:aws:sns:*:${account}:*`],
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        // Subscription ARNs are the topic's plus a generated id.
        actions: ["sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes"],
        resources: ({ account }) => [`arn:aws:sns:*:${account}:*`],
    },
    "aws:sfn/stateMachine:StateMachine": {
        actions: [
            "states:CreateStateMachine", "states:DeleteStateMachine", "states:DescribeStateMachine", "states:UpdateStateMachine",
            "states:ListStateMachineVersions", "states:ListTagsForResource", "states:TagResource", "states:UntagResource",
        ],
        resources: ({ account, names }) => names.map(n => `arn:aws:states:*:${account}:stateMachine:${n}`),
        // Creating a state machine that logs needs the CloudWatch Logs delivery APIs, which take no resource.
        // https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy
        unscoped: [
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries",
            "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ],
    },
    "aws:apigateway/restApi:RestApi": apiGateway(["/restapis", "/restapis/*", "/tags/*"]),
    "aws:apigateway/resource:Resource": apiGateway(["/restapis/*"]),
    "aws:apigateway/method:Method": apiGateway(["/restapis/*"]),
    "aws:apigateway/integration:Integration": apiGateway(["/restapis/*"]),
    "aws:apigateway/authorizer:Authorizer": apiGateway(["/restapis/*"]),
    "aws:apigateway/deployment:Deployment": apiGateway(["/restapis/*"]),
    "aws:apigateway/stage:Stage": apiGateway(["/restapis/*", "/tags/*"]),
    "aws:apigateway/methodSettings:MethodSettings": apiGateway(["/restapis/*"]),
    "aws:apigateway/account:Account": apiGateway(["/account"]),
    "aws:apigateway/domainName:DomainName": apiGateway(["/domainnames", "/domainnames/*", "/tags/*"]),
    "aws:apigateway/basePathMapping:BasePathMapping": apiGateway(["/domainnames/*"]),
    // CORS for the web console's origin: preflight (OPTIONS, MOCK) responses and the gateway responses.
    "aws:apigateway/methodResponse:MethodResponse": apiGateway(["/restapis/*"]),
    "aws:apigateway/integrationResponse:IntegrationResponse": apiGateway(["/restapis/*"]),
    "aws:apigateway/response:Response": apiGateway(["/restapis/*"]),
    "aws:wafv2/webAcl:WebAcl": {
        actions: ["wafv2:CreateWebACL", "wafv2:DeleteWebACL", "wafv2:GetWebACL", "wafv2:UpdateWebACL", "wafv2:ListTagsForResource", "wafv2:TagResource", "wafv2:UntagResource"],
        // The AWS managed rule groups the ACL references are resources of their own.
        resources: ({ account, names }) => [...names.map(n => `arn:aws:wafv2:*:${account}:regional/webacl/${n}/*`), "arn:aws:wafv2:*:*:regional/managedruleset/*/*"],
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        actions: ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL", "wafv2:GetWebACLForResource", "apigateway:SetWebACL"],
        resources: ({ account }) => [`arn:aws:wafv2:*:${account}:regional/webacl/*/*`, "arn:aws:apigateway:*::/restapis/*/stages/*"],
    },
    "aws:route53/healthCheck:HealthCheck": {
        actions: ["route53:GetHealthCheck", "route53:UpdateHealthCheck", "route53:DeleteHealthCheck", "route53:ListTagsForResource", "route53:ChangeTagsForResource"],
        resources: () => ["arn:aws:route53:::healthcheck/*"],
        unscoped: ["route53:CreateHealthCheck"],
        global: true,
    },
    "aws:route53/record:Record": {
        // The hosted zone is looked up by name (getZone): its id is not in the plan.
        actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:GetHostedZone", "route53:GetChange"],
        resources: () => ["arn:aws:route53:::hostedzone/*", "arn:aws:route53:::change/*"],
        unscoped: ["route53:ListHostedZones", "route53:ListHostedZonesByName"],
        global: true,
    },
    // The web console (components/webConsole.ts). CloudFront is global: its API answers in us-east-1.
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudfront.html
    "aws:cloudfront/distribution:Distribution": {
        actions: [
            "cloudfront:CreateDistribution", "cloudfront:CreateDistributionWithTags", "cloudfront:GetDistribution", "cloudfront:GetDistributionConfig",
            "cloudfront:UpdateDistribution", "cloudfront:DeleteDistribution", "cloudfront:TagResource", "cloudfront:UntagResource", "cloudfront:ListTagsForResource",
        ],
        resources: ({ account }) => [`arn:aws:cloudfront::${account}:distribution/*`],
        global: true,
        // A distribution with a web ACL, a certificate and standard logs to S3: CloudFront checks each as the caller.
        // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#AccessLogsBucketAndFileOwnership
        also: ({ account }) => [
            { actions: ["wafv2:GetWebACL"], resources: [`arn:aws:wafv2:us-east-1:${account}:global/webacl/*/*`] },
            { actions: ["acm:DescribeCertificate"], resources: [`arn:aws:acm:us-east-1:${account}:certificate/*`] },
            // The console's log bucket (components/webConsole.ts `<name>-logs`).
            { actions: ["s3:GetBucketAcl", "s3:PutBucketAcl"], resources: ["arn:aws:s3:::console-logs-*"] },
        ],
    },
    "aws:cloudfront/function:Function": {
        actions: ["cloudfront:CreateFunction", "cloudfront:DescribeFunction", "cloudfront:GetFunction", "cloudfront:UpdateFunction", "cloudfront:PublishFunction", "cloudfront:DeleteFunction"],
        resources: ({ account, names }) => names.map(n => `arn:aws:cloudfront::${account}:function/${n}`),
        global: true,
    },
    "aws:cloudfront/originAccessControl:OriginAccessControl": {
        actions: ["cloudfront:CreateOriginAccessControl", "cloudfront:GetOriginAccessControl", "cloudfront:UpdateOriginAccessControl", "cloudfront:DeleteOriginAccessControl"],
        resources: ({ account }) => [`arn:aws:cloudfront::${account}:origin-access-control/*`],
        global: true,
    },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": {
        actions: ["cloudfront:CreateResponseHeadersPolicy", "cloudfront:GetResponseHeadersPolicy", "cloudfront:UpdateResponseHeadersPolicy", "cloudfront:DeleteResponseHeadersPolicy"],
        resources: ({ account }) => [`arn:aws:cloudfront::${account}:response-headers-policy/*`],
        global: true,
    },
    // S3 ARNs name the bucket only (no region, no account); the program's buckets are autonamed `<logical>-<suffix>`.
    "aws:s3/bucket:Bucket": {
        // What the provider reads back after creating a bucket (every sub-resource setting it knows).
        actions: [
            "s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketWebsite",
            "s3:GetBucketVersioning", "s3:GetAccelerateConfiguration", "s3:GetBucketRequestPayment", "s3:GetBucketLogging", "s3:GetLifecycleConfiguration",
            "s3:GetReplicationConfiguration", "s3:GetEncryptionConfiguration", "s3:GetBucketObjectLockConfiguration", "s3:GetBucketTagging",
            "s3:PutBucketTagging", "s3:GetBucketPolicy", "s3:GetBucketOwnershipControls", "s3:GetBucketPublicAccessBlock",
        ],
        resources: ({ names }) => names.map(n => `arn:aws:s3:::${n}`),
        nameInput: "bucket",
    },
    "aws:s3/bucketVersioning:BucketVersioning": s3BucketSetting(["s3:PutBucketVersioning", "s3:GetBucketVersioning"]),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": s3BucketSetting(["s3:PutEncryptionConfiguration", "s3:GetEncryptionConfiguration"]),
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": s3BucketSetting(["s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock"]),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": s3BucketSetting(["s3:PutBucketOwnershipControls", "s3:GetBucketOwnershipControls"]),
    "aws:s3/bucketPolicy:BucketPolicy": s3BucketSetting(["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"]),
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": s3BucketSetting(["s3:PutLifecycleConfiguration", "s3:GetLifecycleConfiguration"]),
    // Replication passes its role to S3 (PassRolesToTheirServices).
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": s3BucketSetting(["s3:PutReplicationConfiguration", "s3:GetReplicationConfiguration"]),
    "aws:s3/bucketObjectv2:BucketObjectv2": {
        actions: ["s3:PutObject", "s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:ListBucket", "s3:ListBucketVersions"],
        resources: ({ names }) => names.flatMap(n => [`arn:aws:s3:::${n}`, `arn:aws:s3:::${n}/*`]),
        nameInput: "bucket",
    },
    "aws:cognito/userPoolDomain:UserPoolDomain": {
        // The console's managed-login prefix domain.
        actions: ["cognito-idp:CreateUserPoolDomain", "cognito-idp:UpdateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain", "cognito-idp:DescribeUserPool"],
        resources: ({ account }) => [`arn:aws:cognito-idp:*:${account}:userpool/*`],
        unscoped: ["cognito-idp:DescribeUserPoolDomain"],
    },
    "aws:acm/certificate:Certificate": {
        actions: ["acm:DescribeCertificate", "acm:DeleteCertificate", "acm:ListTagsForCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate"],
        resources: ({ account }) => [`arn:aws:acm:*:${account}:certificate/*`],
        unscoped: ["acm:RequestCertificate"],
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        actions: ["acm:DescribeCertificate"],
        resources: ({ account }) => [`arn:aws:acm:*:${account}:certificate/*`],
    },
    // aws-native resources go through the Cloud Control API, which calls the service's own actions
    // as the caller: both are granted. https://docs.aws.amazon.com/cloudcontrolapi/latest/userguide/security.html
    "aws-native:cognito:UserPool": {
        actions: [
            "cognito-idp:DescribeUserPool", "cognito-idp:UpdateUserPool", "cognito-idp:DeleteUserPool", "cognito-idp:GetUserPoolMfaConfig",
            "cognito-idp:SetUserPoolMfaConfig", "cognito-idp:ListTagsForResource", "cognito-idp:TagResource", "cognito-idp:UntagResource",
            ...CLOUD_CONTROL,
        ],
        resources: ({ account }) => [`arn:aws:cognito-idp:*:${account}:userpool/*`],
        unscoped: ["cognito-idp:CreateUserPool", ...CLOUD_CONTROL],
        // Encrypting the pool with a customer-managed key: Cognito takes a grant on it as the caller.
        also: ({ account }) => [{ actions: ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], resources: [`arn:aws:kms:*:${account}:key/*`] }],
    },
    "aws-native:cognito:UserPoolReplica": {
        // "To create a replica, you must have permissions to create user pools in the target Region."
        // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolReplica.html
        actions: [
            "cognito-idp:CreateUserPoolReplica", "cognito-idp:DeleteUserPoolReplica", "cognito-idp:ListUserPoolReplicas", "cognito-idp:DescribeUserPool",
            "cognito-idp:TagResource", ...CLOUD_CONTROL,
        ],
        resources: ({ account }) => [`arn:aws:cognito-idp:*:${account}:userpool/*`],
        unscoped: ["cognito-idp:CreateUserPool", ...CLOUD_CONTROL],
        alsoIn: inputs => (typeof inputs.regionName === "string" ? [inputs.regionName] : []),
        also: ({ account }) => [{ actions: ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"], resources: [`arn:aws:kms:*:${account}:key/*`] }],
    },
    "aws-native:cognito:UserPoolRegionalConfigurationAttachment": {
        actions: [
            "cognito-idp:UpdateUserPoolReplica", "cognito-idp:ListUserPoolReplicas", "cognito-idp:DescribeUserPool", "cognito-idp:UpdateUserPool",
            "cognito-idp:ListTagsForResource", "cognito-idp:TagResource", "cognito-idp:UntagResource", ...CLOUD_CONTROL,
        ],
        resources: ({ account }) => [`arn:aws:cognito-idp:*:${account}:userpool/*`],
        unscoped: [...CLOUD_CONTROL],
    },
    "aws-native:cognito:UserPoolDomain": {
        // A custom domain is served by a CloudFront distribution Cognito manages; failover routing reads the health check.
        // https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-add-custom-domain.html
        actions: [
            "cognito-idp:CreateUserPoolDomain", "cognito-idp:DescribeUserPoolDomain", "cognito-idp:UpdateUserPoolDomain", "cognito-idp:DeleteUserPoolDomain",
            "cognito-idp:DescribeUserPool", ...CLOUD_CONTROL,
        ],
        resources: ({ account }) => [`arn:aws:cognito-idp:*:${account}:userpool/*`],
        unscoped: ["cognito-idp:DescribeUserPoolDomain", "cloudfront:UpdateDistribution", "acm:DescribeCertificate", "route53:GetHealthCheck", ...CLOUD_CONTROL],
    },
    "aws:cognito/userPoolClient:UserPoolClient": {
        actions: ["cognito-idp:CreateUserPoolClient", "cognito-idp:DescribeUserPoolClient", "cognito-idp:UpdateUserPoolClient", "cognito-idp:DeleteUserPoolClient"],
        resources: ({ account }) => [`arn:aws:cognito-idp:*:${account}:userpool/*`],
    },
    "aws:cognito/userGroup:UserGroup": {
        actions: ["cognito-idp:CreateGroup", "cognito-idp:GetGroup", "cognito-idp:UpdateGroup", "cognito-idp:DeleteGroup"],
        resources: ({ account }) => [`arn:aws:cognito-idp:*:${account}:userpool/*`],
    },
    "aws:cognito/identityPool:IdentityPool": {
        actions: [
            "cognito-identity:DescribeIdentityPool", "cognito-identity:UpdateIdentityPool", "cognito-identity:DeleteIdentityPool",
            "cognito-identity:ListTagsForResource", "cognito-identity:TagResource", "cognito-identity:UntagResource",
        ],
        resources: ({ account }) => [`arn:aws:cognito-identity:*:${account}:identitypool/*`],
        unscoped: ["cognito-identity:CreateIdentityPool"],
    },
    "aws:cognito/identityPoolProviderPrincipalTag:IdentityPoolProviderPrincipalTag": {
        actions: ["cognito-identity:SetPrincipalTagAttributeMap", "cognito-identity:GetPrincipalTagAttributeMap"],
        resources: ({ account }) => [`arn:aws:cognito-identity:*:${account}:identitypool/*`],
    },
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": {
        actions: ["cognito-identity:SetIdentityPoolRoles", "cognito-identity:GetIdentityPoolRoles"],
        resources: ({ account }) => [`arn:aws:cognito-identity:*:${account}:identitypool/*`],
    },
    "aws:backup/vault:Vault": {
        // Creating a vault mounts its storage and takes a grant on its key.
        // https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault.html
        actions: ["backup:CreateBackupVault", "backup:DeleteBackupVault", "backup:DescribeBackupVault", "backup:ListTags", "backup:TagResource", "backup:UntagResource"],
        resources: ({ account, names }) => names.map(n => `arn:aws:backup:*:${account}:backup-vault:${n}`),
        unscoped: ["backup-storage:MountCapsule"],
        also: ({ account }) => [{ actions: ["kms:CreateGrant", "kms:GenerateDataKey", "kms:Decrypt", "kms:RetireGrant", "kms:DescribeKey"], resources: [`arn:aws:kms:*:${account}:key/*`] }],
    },
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": {
        actions: ["backup:PutBackupVaultLockConfiguration", "backup:DeleteBackupVaultLockConfiguration", "backup:DescribeBackupVault"],
        resources: ({ account, names }) => names.map(n => `arn:aws:backup:*:${account}:backup-vault:${n}`),
        nameInput: "backupVaultName",
    },
    "aws:backup/vaultNotifications:VaultNotifications": {
        actions: ["backup:PutBackupVaultNotifications", "backup:GetBackupVaultNotifications", "backup:DeleteBackupVaultNotifications"],
        resources: ({ account, names }) => names.map(n => `arn:aws:backup:*:${account}:backup-vault:${n}`),
        nameInput: "backupVaultName",
    },
    "aws:backup/plan:Plan": {
        actions: ["backup:CreateBackupPlan", "backup:GetBackupPlan", "backup:UpdateBackupPlan", "backup:DeleteBackupPlan", "backup:ListTags", "backup:TagResource", "backup:UntagResource"],
        resources: ({ account }) => [`arn:aws:backup:*:${account}:backup-plan:*`],
    },
    "aws:backup/selection:Selection": {
        actions: ["backup:CreateBackupSelection", "backup:GetBackupSelection", "backup:DeleteBackupSelection"],
        resources: ({ account }) => [`arn:aws:backup:*:${account}:backup-plan:*`],
    },
    "aws:backup/restoreTestingPlan:RestoreTestingPlan": {
        actions: [
            "backup:CreateRestoreTestingPlan", "backup:GetRestoreTestingPlan", "backup:UpdateRestoreTestingPlan", "backup:DeleteRestoreTestingPlan",
            "backup:ListTags", "backup:TagResource", "backup:UntagResource",
        ],
        resources: ({ account }) => [`arn:aws:backup:*:${account}:restore-testing-plan:*`],
    },
    "aws:backup/restoreTestingSelection:RestoreTestingSelection": {
        actions: ["backup:CreateRestoreTestingSelection", "backup:GetRestoreTestingSelection", "backup:UpdateRestoreTestingSelection", "backup:DeleteRestoreTestingSelection"],
        resources: ({ account }) => [`arn:aws:backup:*:${account}:restore-testing-plan:*`],
    },
    "aws:backup/regionSettings:RegionSettings": {
        // Only with platform:backup.manageRegionSettings.
        actions: [],
        resources: () => [],
        unscoped: ["backup:DescribeRegionSettings", "backup:UpdateRegionSettings"],
    },
};

function apiGateway(paths: readonly string[]): Grant {
    return {
        actions: ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE"],
        resources: () => paths.map(p => `arn:aws:apigateway:*::${p}`),
    };
}

/** A bucket sub-resource: its actions on the bucket it names (`bucket` input). */
function s3BucketSetting(actions: readonly string[]): Grant {
    return { actions, resources: ({ names }) => names.map(n => `arn:aws:s3:::${n}`), nameInput: "bucket" };
}

/**
 * Calls the program makes outside any resource: its lookups (`getCallerIdentity`, the hosted
 * zone) and what some resources need of services they do not name: passing roles to the
 * services that assume them, and the service-linked roles AWS creates on first use.
 */
function supportStatements(account: string, types: ReadonlySet<string>): IamStatement[] {
    const statements: IamStatement[] = [];
    const passTo = [
        ...(types.has("aws:lambda/function:Function") ? ["lambda.amazonaws.com"] : []),
        ...(types.has("aws:sfn/stateMachine:StateMachine") ? ["states.amazonaws.com"] : []),
        ...(types.has("aws:apigateway/account:Account") ? ["apigateway.amazonaws.com"] : []),
        ...(types.has("aws:backup/selection:Selection") || types.has("aws:backup/restoreTestingPlan:RestoreTestingPlan") ? ["backup.amazonaws.com"] : []),
        ...(types.has("aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment") ? ["cognito-identity.amazonaws.com"] : []),
        ...(types.has("aws:s3/bucketReplicationConfig:BucketReplicationConfig") ? ["s3.amazonaws.com"] : []),
        ...(types.has("aws:fis/experimentTemplate:ExperimentTemplate") ? ["fis.amazonaws.com"] : []),
    ];
    if (passTo.length) {
        statements.push({
            Sid: "PassRolesToTheirServices", Effect: "Allow", Action: ["iam:PassRole"], Resource: [`arn:aws:iam::${account}:role/*`],
            Condition: { StringEquals: { "iam:PassedToService": passTo } },
        });
    }
    if (types.has("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
        // Only the AWS managed service-role policies the program attaches, never AdministratorAccess & co.
        statements.push({
            Sid: "AttachOnlyServiceRolePolicies", Effect: "Deny", Action: ["iam:AttachRolePolicy"], Resource: [`arn:aws:iam::${account}:role/*`],
            Condition: { ArnNotLike: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/service-role/*"] } },
        });
    }
    const linked = [
        ...(types.has("aws:dynamodb/table:Table") ? ["replication.dynamodb.amazonaws.com"] : []),
        ...(types.has("aws:backup/vault:Vault") ? ["backup.amazonaws.com"] : []),
    ];
    if (linked.length) {
        statements.push({
            Sid: "ServiceLinkedRolesOnFirstUse", Effect: "Allow", Action: ["iam:CreateServiceLinkedRole"], Resource: [`arn:aws:iam::${account}:role/aws-service-role/*`],
            Condition: { StringEquals: { "iam:AWSServiceName": linked } },
        });
    }
    return statements;
}

/** A planned resource as the builder reads it. */
export type PlannedResource = Pick<PlanResource, "type" | "name" | "inputs"> & { readonly region?: string | null };

/**
 * The physical name (or name pattern) of a planned resource: the name the program sets, else
 * Pulumi's autoname pattern; an autoname suffix invented by the offline plan becomes `*`, and so
 * does every region name, so one pattern covers a resource in every region.
 */
function namePattern(r: PlannedResource, grant: Grant, regions: readonly string[]): string | undefined {
    const input = r.inputs[grant.nameInput ?? "name"];
    let name = typeof input === "string" && input !== "[secret]" ? input.replace(AUTONAME_SUFFIX, "-*") : undefined;
    if (grant.nameInput && !name) return undefined;
    if (!name) name = autoName(r.name);
    for (const region of [...regions].sort((a, b) => b.length - a.length)) name = name.split(region).join("*");
    return name;
}

/** Plan resource types that no grant covers (AWS and aws-native types). Empty when the role can deploy the plan. */
export function uncoveredTypes(types: Iterable<string>): string[] {
    return [...new Set(types)].filter(t => (t.startsWith("aws:") || t.startsWith("aws-native:")) && !(t in RESOURCE_GRANTS)).sort();
}

/** Why {@link buildDeployPolicies} refused its inputs, one line per problem. */
export class DeployPolicyError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("; "));
        this.name = "DeployPolicyError";
    }
}

const ACCOUNT = /^\d{12}$/;

/**
 * The deploy role's permission policies for a plan, split into documents that each fit an IAM
 * managed policy (6,144 characters without whitespace). Statements per resource type, actions
 * merged per service, each scoped to the plan's regions (or us-east-1 for global services).
 */
export function buildDeployPolicies(resources: readonly PlannedResource[], scope: DeployScope): IamPolicy[] {
    const problems: string[] = [];
    if (!ACCOUNT.test(scope.accountId)) problems.push(`account id "${scope.accountId}" must be 12 digits`);
    const uncovered = uncoveredTypes(resources.map(r => r.type));
    if (uncovered.length) problems.push(`no grant for ${uncovered.join(", ")} (add it to RESOURCE_GRANTS in scripts/lib/deployPolicy.ts)`);
    if (problems.length) throw new DeployPolicyError(problems);

    const allRegions = [...new Set(scope.regions)].sort();
    const types = new Set(resources.map(r => r.type).filter(t => t in RESOURCE_GRANTS));

    // One statement per (service, regions, resources): grants of several types that share them merge.
    const merged = new Map<string, { actions: Set<string>; resources: readonly string[]; regions: readonly string[]; sid: string }>();
    const add = (sid: string, regions: readonly string[], actions: readonly string[], resourceList: readonly string[]) => {
        if (!actions.length) return;
        const key = `${actions[0].split(":")[0]}|${regions.join(",")}|${[...resourceList].sort().join(",")}`;
        const entry = merged.get(key) ?? { actions: new Set<string>(), resources: resourceList, regions, sid };
        actions.forEach(a => entry.actions.add(a));
        merged.set(key, entry);
    };
    const byService = (actions: readonly string[]) => {
        const groups = new Map<string, string[]>();
        for (const a of actions) groups.set(a.split(":")[0], [...(groups.get(a.split(":")[0]) ?? []), a]);
        return [...groups.values()];
    };
    for (const type of [...types].sort()) {
        const grant = RESOURCE_GRANTS[type];
        const planned = resources.filter(r => r.type === type);
        // Where this type's resources live: its regions in the plan (IAM and Route 53 answer in us-east-1).
        const typeRegions = grant.global ? ["us-east-1"]
            : [...new Set(planned.flatMap(r => [r.region, ...(grant.alsoIn?.(r.inputs) ?? [])]).filter((x): x is string => !!x))].sort();
        const regions = typeRegions.length ? typeRegions : allRegions;
        const names = [...new Set(planned.map(r => namePattern(r, grant, allRegions)).filter((n): n is string => !!n))].sort();
        const sid = sidOf(type);
        const scoped = grant.actions.filter(a => !(grant.unscoped ?? []).includes(a));
        for (const actions of byService(scoped)) add(sid, regions, actions, grant.resources({ account: scope.accountId, names }));
        for (const actions of byService(grant.unscoped ?? [])) add(`${sid}NoResourceLevel`, regions, actions, ["*"]);
        for (const extra of grant.also?.({ account: scope.accountId }) ?? []) add(`${sid}Uses`, regions, extra.actions, extra.resources);
    }
    const statements: IamStatement[] = [...merged.values()].map(m => ({
        Sid: m.sid,
        Effect: "Allow" as const,
        Action: [...m.actions].sort(),
        Resource: [...m.resources],
        Condition: { StringEquals: { "aws:RequestedRegion": [...m.regions] } },
    }));
    // Unique Sids: a second statement of the same type (another service) gets a number.
    const seen = new Map<string, number>();
    const named = statements.map(s => {
        const n = (seen.get(s.Sid) ?? 0) + 1;
        seen.set(s.Sid, n);
        return n === 1 ? s : { ...s, Sid: `${s.Sid}${n}` };
    });
    return pack([...named, ...supportStatements(scope.accountId, types)]);
}

/** `aws:apigateway/restApi:RestApi` -> `ApigatewayRestApi`: a Sid (alphanumeric) from a type token. */
function sidOf(type: string): string {
    const native = /^aws-native:([a-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    const [, mod, name] = native ?? /^aws:([a-z0-9]+)\/[a-zA-Z0-9]+:([A-Za-z0-9]+)$/.exec(type) ?? [];
    return `${native ? "Native" : ""}${mod?.[0].toUpperCase() ?? ""}${mod?.slice(1) ?? ""}${name ?? "Resource"}`;
}

/** IAM's size limit for a managed policy, counted without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** Characters IAM counts for a document (JSON without whitespace). */
export function policySize(doc: IamPolicy): number {
    return JSON.stringify(doc).length;
}

/** First-fit packing of statements into as few managed-policy-sized documents as needed. */
function pack(statements: readonly IamStatement[]): IamPolicy[] {
    const docs: IamStatement[][] = [];
    for (const s of statements) {
        const fits = docs.find(d => policySize({ Version: "2012-10-17", Statement: [...d, s] }) <= MANAGED_POLICY_MAX_CHARS);
        if (fits) fits.push(s);
        else docs.push([s]);
    }
    return docs.map(d => ({ Version: "2012-10-17", Statement: d }));
}

/** Who may assume the deploy role: GitHub Actions runs of one repository, as the workflows run. */
export interface TrustScope {
    readonly accountId: string;
    /** `owner/name` of the GitHub repository. */
    readonly repository: string;
    /**
     * GitHub environments whose jobs assume the role. A job that names an environment gets the
     * subject `repo:<owner>/<name>:environment:<env>` (not the branch), so the branch is enforced
     * by the environment's deployment-branch rule (docs/deploy.md).
     */
    readonly environments?: readonly string[];
    /** Branches whose jobs without an environment assume the role (`repo:...:ref:refs/heads/<branch>`). */
    readonly branches?: readonly string[];
    /** Pull-request runs (`repo:...:pull_request`): the preview role only. */
    readonly pullRequests?: boolean;
}

/** GitHub's OIDC issuer, as the IAM identity provider names it. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * The role's trust policy: web-identity federation through GitHub's OIDC provider, audience
 * `sts.amazonaws.com` (what aws-actions/configure-aws-credentials requests), and subjects of this
 * repository only, exactly as listed (StringEquals, no wildcards).
 * https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 */
export function buildTrustPolicy(t: TrustScope): IamPolicy {
    const problems: string[] = [];
    if (!ACCOUNT.test(t.accountId)) problems.push(`account id "${t.accountId}" must be 12 digits`);
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/.test(t.repository)) problems.push(`repository "${t.repository}" must be owner/name`);
    const subjects = [
        ...(t.environments ?? []).map(e => `repo:${t.repository}:environment:${e}`),
        ...(t.branches ?? []).map(b => `repo:${t.repository}:ref:refs/heads/${b}`),
        ...(t.pullRequests ? [`repo:${t.repository}:pull_request`] : []),
    ];
    if (subjects.length === 0) problems.push("name at least one environment, branch or pull requests");
    if (problems.length) throw new DeployPolicyError(problems);
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "GitHubActionsOfThisRepository",
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::${t.accountId}:oidc-provider/${GITHUB_OIDC_HOST}` },
            Action: ["sts:AssumeRoleWithWebIdentity"],
            Condition: {
                StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com", [`${GITHUB_OIDC_HOST}:sub`]: subjects },
            },
        }],
    };
}

/**
 * The preview role's policy: the read actions of the deploy policies only (what `pulumi preview`
 * and `--refresh` call), same scope. Reads that return data (items, log events) are not included.
 */
export function buildPreviewPolicies(deploy: readonly IamPolicy[]): IamPolicy[] {
    const READ = /^[a-z0-9-]+:(Describe|Get|List)/;
    const DATA = new Set(["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"]);
    const statements = deploy.flatMap(d => d.Statement)
        .filter(s => s.Effect === "Allow")
        .map(s => ({ ...s, Action: s.Action.filter(a => (READ.test(a) || a === "apigateway:GET") && !DATA.has(a)) }))
        .filter(s => s.Action.length > 0);
    return pack(statements);
}
