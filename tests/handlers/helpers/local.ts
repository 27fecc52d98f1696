/**
 * A real DynamoDB implementation on loopback (dynalite, in-process) with the platform's table, and
 * builders for API Gateway proxy events. Handler modules read their environment at import, so
 * tests call {@link startLocalTable} first and `require` the handler afterwards.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { formatGroupsClaim, GROUPS_CLAIM } from "../../../handlers/shared/claims";

const dynalite = require("dynalite");

export const TABLE = "platform-test";
export const REGION = "us-east-1";
/** The table's TTL attribute as the items function is told it (components/regionalApi.ts sets it from config). */
export const TTL_ATTRIBUTE = "expiresAt";
/** What the items function's environment holds beyond the table (components/logic/functionEnvironment.ts), for one region. */
export const ITEMS_ENV = { TTL_ATTRIBUTE, PLATFORM_REGIONS: "us-east-1", PARTITION_DECISIONS: "eventual", HOME_TIMEOUT_MS: "1000" };

export interface LocalTable {
    readonly endpoint: string;
    readonly db: DynamoDBDocumentClient;
    close(): Promise<void>;
}

/**
 * Port of every dynalite this process starts: the first start picks a free one, later starts reuse
 * it, because handler modules read DYNAMODB_ENDPOINT once at import (as in Lambda) and a spec
 * loaded after another must find its table where the already-imported clients look.
 */
let port = 0;

/** Starts a fresh dynalite on 127.0.0.1, creates the table (keys + gsi1) and points the handlers' env at it. */
export async function startLocalTable(): Promise<LocalTable> {
    const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>(resolve => server.listen(port, "127.0.0.1", () => resolve()));
    port = (server.address() as AddressInfo).port;
    const endpoint = `http://127.0.0.1:${port}`;
    Object.assign(process.env, {
        TABLE_NAME: TABLE, AWS_REGION: REGION, DYNAMODB_ENDPOINT: endpoint, ...ITEMS_ENV,
        AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        POWERTOOLS_METRICS_DISABLED: "true", POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "SILENT",
    });
    const raw = new DynamoDBClient({ region: REGION, endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    await raw.send(new CreateTableCommand({
        TableName: TABLE,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["pk", "sk", "gsi1pk", "gsi1sk"].map(n => ({ AttributeName: n, AttributeType: "S" })),
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        GlobalSecondaryIndexes: [{
            IndexName: "gsi1",
            KeySchema: [{ AttributeName: "gsi1pk", KeyType: "HASH" }, { AttributeName: "gsi1sk", KeyType: "RANGE" }],
            Projection: { ProjectionType: "ALL" },
        }],
    }));
    const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
    return {
        endpoint,
        db,
        close: async () => {
            raw.destroy();
            await new Promise<void>(resolve => server.close(() => resolve()));
        },
    };
}

function groupsClaim(o: { groups?: readonly string[]; groupsClaim?: unknown }): Record<string, unknown> {
    const value = "groupsClaim" in o ? o.groupsClaim : o.groups ? formatGroupsClaim(o.groups) : undefined;
    return value === undefined ? {} : { [GROUPS_CLAIM]: value };
}

/** An API Gateway REST proxy event, as the Cognito authorizer passes it. `sub: null` = no claims. */
export function apiEvent(o: {
    method: string; resource: string; sub?: string | null; id?: string; body?: unknown; contentType?: string | null;
    headers?: Record<string, string>; query?: Record<string, string>; base64?: boolean;
    /** The user's groups, put in `cognito:groups` as the REST API Cognito authorizer passes them (handlers/shared/claims.ts). */
    groups?: readonly string[];
    /** A raw `cognito:groups` claim value, for tests of what the parser accepts; overrides `groups`. */
    groupsClaim?: unknown;
}): APIGatewayProxyEvent {
    const body = o.body === undefined ? null : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string> = { ...(o.contentType === null ? {} : { "Content-Type": o.contentType ?? "application/json" }), ...(o.headers ?? {}) };
    return {
        httpMethod: o.method,
        resource: o.resource,
        path: o.resource.replace("{id}", o.id ?? ""),
        pathParameters: o.id === undefined ? null : { id: o.id },
        queryStringParameters: o.query ?? null,
        multiValueQueryStringParameters: null,
        headers,
        multiValueHeaders: {},
        body: o.base64 && body !== null ? Buffer.from(body).toString("base64") : body,
        isBase64Encoded: o.base64 === true,
        stageVariables: null,
        requestContext: {
            requestId: "req-1",
            authorizer: o.sub === null ? undefined : {
                claims: { sub: o.sub ?? "alice-0001", email: "alice@example.com", ...groupsClaim(o) },
            },
        } as any,
    };
}
