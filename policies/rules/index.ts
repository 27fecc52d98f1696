/**
 * Every rule of the platform-guardrails pack, as one array. Tests and `npm run plan` import this
 * module; only policies/index.ts constructs the PolicyPack (which starts a gRPC server).
 */
import type { Policy } from "@pulumi/policy";
import { apigatewayDomainTls } from "./apigateway-domain-tls";
import { apigatewayMethodAuthorization } from "./apigateway-method-authorization";
import { apigatewayStageAccessLogs } from "./apigateway-stage-access-logs";
import { apigatewayStageCacheEncryption } from "./apigateway-stage-cache-encryption";
import { apigatewayStageExecutionLogging } from "./apigateway-stage-execution-logging";
import { apigatewayStageWaf } from "./apigateway-stage-waf";
import { apigatewayStageXray } from "./apigateway-stage-xray";
import { backupVaultKms } from "./backup-vault-kms";
import { backupVaultLock } from "./backup-vault-lock";
import { cloudfrontDistributionCertificate } from "./cloudfront-distribution-certificate";
import { cloudfrontDistributionHttps } from "./cloudfront-distribution-https";
import { cloudfrontDistributionLogging } from "./cloudfront-distribution-logging";
import { cloudfrontDistributionOac } from "./cloudfront-distribution-oac";
import { cloudfrontDistributionOriginTls } from "./cloudfront-distribution-origin-tls";
import { cloudfrontDistributionRootObject } from "./cloudfront-distribution-root-object";
import { cloudfrontDistributionS3Origins } from "./cloudfront-distribution-s3-origins";
import { cloudfrontDistributionWaf } from "./cloudfront-distribution-waf";
import { cloudwatchLoggroupKms } from "./cloudwatch-loggroup-kms";
import { cloudwatchLoggroupRetention } from "./cloudwatch-loggroup-retention";
import { cognitoIdentitypoolGuests } from "./cognito-identitypool-guests";
import { cognitoUserpoolKms } from "./cognito-userpool-kms";
import { cognitoUserpoolMfa } from "./cognito-userpool-mfa";
import { cognitoUserpoolPasswordPolicy } from "./cognito-userpool-password-policy";
import { cognitoUserpoolReplica } from "./cognito-userpool-replica";
import { cognitoUserpoolThreatProtection } from "./cognito-userpool-threat-protection";
import { dynamodbTableBackupPlan } from "./dynamodb-table-backup-plan";
import { dynamodbTableCapacity } from "./dynamodb-table-capacity";
import { dynamodbTableDeletionProtection } from "./dynamodb-table-deletion-protection";
import { dynamodbTableKms } from "./dynamodb-table-kms";
import { dynamodbTablePitr } from "./dynamodb-table-pitr";
import { iamPolicyWildcards } from "./iam-policy-wildcards";
import { iamRoleRowLevel } from "./iam-role-row-level";
import { kmsKeyDeletion } from "./kms-key-deletion";
import { kmsKeyPublic } from "./kms-key-public";
import { kmsKeyRotation } from "./kms-key-rotation";
import { kmsPolicyDecryptAll } from "./kms-policy-decrypt-all";
import { lambdaFunctionLogGroup } from "./lambda-function-log-group";
import { lambdaFunctionRuntime } from "./lambda-function-runtime";
import { lambdaFunctionTracing } from "./lambda-function-tracing";
import { lambdaPermissionPublic } from "./lambda-permission-public";
import { platformRegionsComplete } from "./platform-regions-complete";
import { route53RecordLatencyHealthCheck } from "./route53-record-latency-health-check";
import { s3BucketEncryption } from "./s3-bucket-encryption";
import { s3BucketPublicAccess } from "./s3-bucket-public-access";
import { s3BucketReplication } from "./s3-bucket-replication";
import { s3BucketTlsOnly } from "./s3-bucket-tls-only";
import { s3BucketVersioning } from "./s3-bucket-versioning";
import { sfnStatemachineLogging } from "./sfn-statemachine-logging";
import { sfnStatemachineTaskTokens } from "./sfn-statemachine-task-tokens";
import { snsTopicKms } from "./sns-topic-kms";
import { snsTopicPublic } from "./sns-topic-public";
import { sqsQueueEncryption } from "./sqs-queue-encryption";
import { sqsQueuePublic } from "./sqs-queue-public";
import { platformResourceTags } from "./platform-resource-tags";
import { platformCostBudget } from "./platform-cost-budget";
import { platformCostBudgetAdvisory } from "./platform-cost-budget-advisory";

/** The pack's rules, in the order the README lists them. */
export const policies: Policy[] = [
    apigatewayDomainTls, apigatewayMethodAuthorization, apigatewayStageAccessLogs, apigatewayStageCacheEncryption,
    apigatewayStageExecutionLogging, apigatewayStageWaf, apigatewayStageXray,
    backupVaultKms, backupVaultLock,
    cloudfrontDistributionCertificate, cloudfrontDistributionHttps, cloudfrontDistributionLogging, cloudfrontDistributionOac,
    cloudfrontDistributionOriginTls, cloudfrontDistributionRootObject, cloudfrontDistributionS3Origins, cloudfrontDistributionWaf,
    cloudwatchLoggroupKms, cloudwatchLoggroupRetention,
    cognitoIdentitypoolGuests, cognitoUserpoolKms, cognitoUserpoolMfa, cognitoUserpoolPasswordPolicy, cognitoUserpoolReplica, cognitoUserpoolThreatProtection,
    dynamodbTableBackupPlan, dynamodbTableCapacity, dynamodbTableDeletionProtection, dynamodbTableKms, dynamodbTablePitr,
    iamPolicyWildcards, iamRoleRowLevel,
    kmsKeyDeletion, kmsKeyPublic, kmsKeyRotation, kmsPolicyDecryptAll,
    lambdaFunctionLogGroup, lambdaFunctionRuntime, lambdaFunctionTracing, lambdaPermissionPublic,
    platformRegionsComplete, route53RecordLatencyHealthCheck,
    s3BucketEncryption, s3BucketPublicAccess, s3BucketReplication, s3BucketTlsOnly, s3BucketVersioning,
    sfnStatemachineLogging, sfnStatemachineTaskTokens, snsTopicKms, snsTopicPublic, sqsQueueEncryption, sqsQueuePublic, platformResourceTags,
    platformCostBudget, platformCostBudgetAdvisory,
];
