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
import { FaultInjection } from "./components/faultInjection";
import { GlobalTable } from "./components/globalTable";
import { Identity } from "./components/identity";
import { Monitoring } from "./components/monitoring";
import { WebConsole } from "./components/webConsole";
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

// The API allows exactly the console's origin (CORS), and the console is configured with the API's
// names: the origin is declared here and given its value once the console exists (no resource cycle:
// the distribution depends on the API's names, the functions' environment on the distribution's).
const [consoleUrl, resolveConsoleUrl] = pulumi.deferredOutput<string>();

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
        takeoverAfterMinutes: config.approval.takeoverAfterMinutes,
    },
    allowedOrigin: config.console.enabled ? consoleUrl : undefined,
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

const web = config.console.enabled ? new WebConsole("console", {
    stack,
    homeRegion: config.homeRegion,
    replicaRegion: config.console.replicaRegion,
    namePrefix,
    accountId,
    dns: config.dns ? { zoneName: config.dns.zoneName, domainName: `${config.console.subdomain}.${config.dns.zoneName}` } : undefined,
    // With DNS the latency name and the pinned regional names; without, the execute-api URLs (home first).
    api: config.dns
        ? { url: `https://${config.dns.apiDomain}`, regions: Object.fromEntries(config.regions.map(r => [r, `https://${r}.${config.dns!.apiDomain}`])) }
        : { url: api.urls[config.homeRegion], regions: api.urls },
    userPool: { id: identity.userPoolId, endpoint: identity.userPoolEndpoint },
    // Unique across AWS without asking: account ids are.
    authDomainPrefix: config.console.authDomainPrefix ?? accountId.apply(id => `${pulumi.getProject()}-${stack}-${id}`),
    // With DNS, the sign-in domain that fails over to the user pool's replica.
    signInDomainUrl: signIn?.url,
    // dev: also the local platform's console port (npm start), to try the dev pool's managed login from this machine.
    extraCallbackOrigins: config.environment === "dev" ? ["http://localhost:7704"] : [],
    waf: config.console.waf ? { rateLimit: config.console.wafRateLimit } : undefined,
    priceClass: config.console.priceClass,
    logRetentionDays: config.logRetentionDays,
    protectData,
    tags,
}) : undefined;
if (web) resolveConsoleUrl(web.url);

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

const drills = config.drills.fis ? new FaultInjection("drills", {
    regions: config.regions,
    namePrefix,
    accountId,
    tableName: data.tableName,
    tableArns: data.tableArns,
    // Customer impact in the drilled region stops its experiments.
    stopAlarmArns: Object.fromEntries(config.regions.map(region => [region,
        ops.alarms.filter(a => a.region === region && (a.id === "api-5xx-rate" || a.id === "api-latency-p99")).map(a => a.alarm.arn)])),
    tags,
}) : undefined;

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
// null (not undefined) when the console is disabled: Pulumi drops undefined outputs with a warning.
export const webConsoleUrl = web?.url ?? null;
export const webConsoleDistributionId = web?.distributionId ?? null;
export const webConsoleBucket = web?.bucketName ?? null;
export const webConsoleClientId = web?.clientId ?? null;
export const webConsoleAuthDomain = web?.authDomainUrl ?? null;
// Read by the cost-budget policy: CrossGuard stack policies see the stack resource's outputs.
export const budget = config.budget;
export const drillTemplateIds = drills?.templateIds ?? {};
