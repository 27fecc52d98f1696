/**
 * Composition root: validated config -> components -> stack outputs. No resource logic here.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "./config";
import { Api } from "./components/api";
import { ApprovalWorkflow } from "./components/approvalWorkflow";
import { approvalStateMachineArn } from "./components/logic/approvalPolicies";
import { BackupPlan } from "./components/backupPlan";
import { ConflictDetector } from "./components/conflictDetector";
import { GlobalTable } from "./components/globalTable";
import { Identity } from "./components/identity";
import { Monitoring } from "./components/monitoring";
import { SignInDomain } from "./components/signInDomain";

const config = loadConfig();
const stack = pulumi.getStack();
const protectData = config.environment === "prod";
const tags = { ...config.tags, project: pulumi.getProject(), stack, environment: config.environment };
const accountId = aws.getCallerIdentityOutput().accountId;
const namePrefix = `${pulumi.getProject()}-${stack}`;

const data = new GlobalTable("data", {
    tableName: `${pulumi.getProject()}-${stack}`,
    regions: config.regions,
    accountId,
    consistency: config.table.consistency,
    witnessRegion: config.table.witnessRegion,
    deletionProtection: config.table.deletionProtection,
    pitrRecoveryDays: config.table.pitrRecoveryDays,
    ttlAttribute: config.table.ttlAttribute,
    protectData,
    tags,
});

const identity = new Identity("identity", {
    regions: config.regions,
    namePrefix,
    accountId,
    tableName: data.tableName,
    mfa: config.identity.mfa,
    featurePlan: config.identity.featurePlan,
    threatProtection: config.identity.threatProtection,
    deletionProtection: config.identity.deletionProtection,
    selfSignUp: config.identity.selfSignUp,
    email: config.identity.email,
    tokenValidity: {
        accessMinutes: config.identity.accessTokenMinutes,
        idMinutes: config.identity.idTokenMinutes,
        refreshDays: config.identity.refreshTokenDays,
    },
    replicaRegion: config.identity.replicaRegion,
    protectData,
    tags,
});

const api = new Api("api", {
    regions: config.regions,
    namePrefix,
    accountId,
    tableName: data.tableName,
    ttlAttribute: config.table.ttlAttribute,
    consistency: config.table.consistency,
    homeTimeoutMs: config.table.homeTimeoutMs,
    tableArns: data.tableArns,
    userPoolArns: identity.userPoolArns,
    throttle: { rateLimit: config.api.throttleRateLimit, burstLimit: config.api.throttleBurstLimit },
    waf: config.api.waf ? { rateLimit: config.api.wafRateLimit } : undefined,
    memoryMb: config.api.memoryMb,
    timeoutSeconds: config.api.timeoutSeconds,
    logRetentionDays: config.logRetentionDays,
    healthCheck: config.healthCheck,
    dns: config.dns,
    approvals: {
        regions: config.regions,
        tableArns: data.tableArns,
        // Deterministic names: the API is granted the state machines that the workflows below create.
        stateMachineArns: Object.fromEntries(config.regions.map(r => [r, accountId.apply(id => approvalStateMachineArn(namePrefix, r, id))])),
    },
    protectKeys: protectData,
    tags,
});

// The sign-in domain fails over with the home region's API health check (components/signInDomain.ts).
const signIn = config.dns ? new SignInDomain("sign-in", {
    userPoolId: identity.userPoolId,
    domainName: config.dns.authDomain,
    zoneName: config.dns.zoneName,
    replicaRegion: config.identity.replicaRegion,
    primaryHealthCheckId: api.regional[config.homeRegion].healthCheckId,
    provider: identity.homeProvider,
    tags,
}) : undefined;

const approvals = Object.fromEntries(config.regions.map(region => [region, new ApprovalWorkflow(`approval-${region}`, {
    region,
    namePrefix,
    accountId,
    tableName: data.tableName,
    tableArn: data.tableArns[region],
    approverEmails: config.approval.approverEmails,
    timeoutHours: config.approval.timeoutHours,
    // Any region accepts a decision: the latency-routed name when there is one.
    decideUrl: api.urls["*"] ?? api.urls[region],
    logsKeyArn: api.regional[region].logsKeyArn,
    logRetentionDays: config.logRetentionDays,
    protectKeys: protectData,
    tags,
})]));

const detectors = Object.fromEntries(config.regions.map(region => [region, new ConflictDetector(`conflicts-${region}`, {
    region,
    namePrefix,
    tableName: data.tableName,
    tableArn: data.tableArns[region],
    streamArn: data.streamArns[region],
    logsKeyArn: api.regional[region].logsKeyArn,
    logRetentionDays: config.logRetentionDays,
    tags,
})]));

const backup = new BackupPlan("backup", {
    homeRegion: config.homeRegion,
    copyRegion: config.backup.copyRegion,
    tableArn: data.tableArns[config.homeRegion],
    accountId,
    dailyRetentionDays: config.backup.dailyRetentionDays,
    monthly: config.backup.monthly
        ? { retentionDays: config.backup.monthlyRetentionDays, coldStorageAfterDays: config.backup.monthlyColdStorageAfterDays }
        : undefined,
    vaultLock: config.backup.vaultLock
        ? { minRetentionDays: config.backup.lockMinRetentionDays, maxRetentionDays: config.backup.lockMaxRetentionDays, changeableForDays: config.backup.lockChangeableForDays }
        : undefined,
    manageRegionSettings: config.backup.manageRegionSettings,
    restoreTesting: config.backup.restoreTesting,
    notificationEmail: config.alarmEmail,
    protectData,
    tags,
});

const ops = new Monitoring("ops", {
    regions: config.regions.map(region => ({
        region,
        api: { name: api.regional[region].apiName, stage: api.regional[region].stageName },
        functions: { ...api.regional[region].functionNames, ...approvals[region].functionNames, "conflict-detector": detectors[region].functionName },
        stateMachines: { approval: approvals[region].stateMachineArn },
        webAclName: api.regional[region].webAclName,
        healthCheckId: api.regional[region].healthCheckId,
        conflicts: { functionName: detectors[region].functionName, queueName: detectors[region].queueName },
    })),
    tableName: data.tableName,
    accountId,
    thresholds: config.alarms,
    alarmEmail: config.alarmEmail,
    tags,
    protectKeys: protectData,
});

export const homeRegion = config.homeRegion;
export const regions = config.regions;
export const tableName = data.tableName;
export const tableArns = data.tableArns;
export const tableKeyArns = data.keyArns;
export const tableStreamArn = data.streamArn;
export const userPoolId = identity.userPoolId;
export const userPoolArn = identity.userPoolArn;
export const userPoolIssuers = identity.userPoolIssuers;
// null, not undefined, when absent: Pulumi drops undefined outputs with a warning.
export const userPoolReplicaRegion = identity.replicaRegion ?? null;
export const signInUrl = signIn?.url ?? null;
export const userPoolClientId = identity.clientId;
export const identityPoolIds = identity.identityPoolIds;
export const authenticatedRoleArn = identity.authenticatedRoleArn;
export const apiUrls = api.urls;
export const healthCheckIds = Object.fromEntries(config.regions.map(r => [r, api.regional[r].healthCheckId]));
export const approvalStateMachineArns = Object.fromEntries(config.regions.map(r => [r, approvals[r].stateMachineArn]));
export const approverTopicArns = Object.fromEntries(config.regions.map(r => [r, approvals[r].topicArn]));
export const backupVaultArn = backup.vaultArn;
export const backupCopyVaultArn = backup.copyVaultArn;
export const opsTopicArns = ops.topicArns;
export const dashboardName = ops.dashboardName;
// Read by the cost-budget policy: CrossGuard stack policies see the stack resource's outputs.
export const budget = config.budget;
