/**
 * Items API (REST API proxy integration behind the Cognito authorizer):
 * GET /items, POST /items, GET|PUT|DELETE /items/{id}.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { dynamo } from "../../shared/clients";
import { env, required } from "../../shared/env";
import { MethodNotAllowedError, NotFoundError, ValidationError } from "../../shared/errors";
import { apiHandler, callerSub, header, json, jsonBody, pathParam } from "../../shared/http";
import { metrics } from "../../shared/powertools";
import { parse } from "../../shared/validation";
import { createItem, Ctx, deleteItem, getItem, ID_PATTERN, ID_RULE, ItemInput, ItemUpdate, listItems, updateItem } from "./domain";
import { DeleteQuery, IDEMPOTENCY_KEY_PATTERN, ListQuery } from "./schemas";

/** The table's TTL attribute (`platform:table.ttlAttribute`, set by components/regionalApi.ts): idempotency records expire through it. */
const TTL_ATTRIBUTE = required("TTL_ATTRIBUTE");

/** Business metric (EMF, with the region dimension): one item written. */
function countWrite(): void {
    metrics.addMetric("ItemsWritten", MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
}

const pathId = (event: APIGatewayProxyEvent) => pathParam(event, ID_PATTERN, ID_RULE);

async function route(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const ctx: Ctx = { db: dynamo, table: env.tableName, region: env.region, sub: callerSub(event), ttlAttribute: TTL_ATTRIBUTE };
    const route = `${event.httpMethod} ${event.resource}`;
    switch (route) {
        case "GET /items": {
            const q = parse(ListQuery, event.queryStringParameters ?? {});
            return json(200, await listItems(ctx, q.limit, q.cursor));
        }
        case "POST /items": {
            const key = header(event, "idempotency-key");
            if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) throw new ValidationError("Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ - : .");
            const input = parse(ItemInput, jsonBody(event, env.maxItemBytes));
            const { status, item, replayed } = await createItem(ctx, input, key);
            if (!replayed) countWrite();
            const res = json(status, item);
            // A retry gets the first response, marked as a replay the way Stripe-style APIs mark it (`Idempotent-Replayed: true`).
            return replayed ? { ...res, headers: { ...res.headers, "idempotent-replayed": "true" } } : res;
        }
        case "GET /items/{id}":
            return json(200, await getItem(ctx, pathId(event)));
        case "PUT /items/{id}": {
            const id = pathId(event);
            const item = await updateItem(ctx, id, parse(ItemUpdate, jsonBody(event, env.maxItemBytes)));
            countWrite();
            return json(200, item);
        }
        case "DELETE /items/{id}": {
            const id = pathId(event);
            const { version } = parse(DeleteQuery, event.queryStringParameters ?? {});
            await deleteItem(ctx, id, version);
            countWrite();
            return json(204);
        }
        default:
            throw event.resource === "/items" || event.resource === "/items/{id}" ? new MethodNotAllowedError() : new NotFoundError("No such route");
    }
}

export const handler = apiHandler(route);
