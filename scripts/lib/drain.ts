/**
 * The region drain flag (`CONTROL` / `DRAIN#<region>` in the global table): set, cleared or read
 * through any replica; replication carries it to the drained region, whose /health then answers
 * 503 and Route 53 moves traffic away.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { CONTROL_PK, drainSk } from "../../handlers/shared/keys";

export interface DrainState {
    readonly region: string;
    readonly drained: boolean;
    readonly reason?: string;
    readonly changedAt?: string;
    readonly changedBy?: string;
}

export async function setDrain(db: DynamoDBDocumentClient, table: string, region: string, drained: boolean, by: string, reason?: string, now = new Date()): Promise<DrainState> {
    const state: DrainState = { region, drained, reason, changedAt: now.toISOString(), changedBy: by };
    await db.send(new PutCommand({ TableName: table, Item: { pk: CONTROL_PK, sk: drainSk(region), ...state } }));
    return state;
}

export async function drainStatus(db: DynamoDBDocumentClient, table: string, region: string): Promise<DrainState> {
    const out = await db.send(new GetCommand({ TableName: table, Key: { pk: CONTROL_PK, sk: drainSk(region) }, ConsistentRead: true }));
    const item = out.Item;
    return item ? { region, drained: item.drained === true, reason: item.reason, changedAt: item.changedAt, changedBy: item.changedBy } : { region, drained: false };
}
