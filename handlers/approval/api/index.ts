/**
 * Approval API (REST API proxy integration behind the Cognito authorizer):
 * POST /items/{id}/publish, GET /requests/{id}, GET /approvals?status=pending,
 * POST /approvals/{id}/decision. GETs never change state (mail scanners follow links).
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { env, required } from "../../shared/env";
import { MethodNotAllowedError, NotFoundError, ValidationError } from "../../shared/errors";
import { APPROVERS_GROUP, GROUPS_CLAIM, parseGroupsClaim } from "../../shared/claims";
import { apiHandler, callerSub, json, jsonBody, pathParam } from "../../shared/http";
import { metrics } from "../../shared/powertools";
import { parse } from "../../shared/validation";
import { ID_PATTERN, ID_RULE } from "../../api/items/domain";
import { dynamoIn, sfnIn } from "../clients";
import { DecisionInput, PendingQuery } from "./schemas";
import { ApprovalCtx, Caller, decide, decodeQueueCursor, getRequest, listPending, REQUEST_ID, requestPublish } from "../domain";

const STATE_MACHINE_ARN = required("STATE_MACHINE_ARN");
const REGIONS = required("PLATFORM_REGIONS").split(",");

const ctx: ApprovalCtx = { table: env.tableName, region: env.region, regions: REGIONS, db: dynamoIn, sfn: sfnIn };

/** Group membership from the authorizer's claims, in the exact format a REST API Cognito authorizer passes (handlers/shared/claims.ts). */
export function groupsOf(event: APIGatewayProxyEvent): string[] {
    return parseGroupsClaim(event.requestContext?.authorizer?.claims?.[GROUPS_CLAIM]);
}

function callerOf(event: APIGatewayProxyEvent): Caller {
    return { sub: callerSub(event), approver: groupsOf(event).includes(APPROVERS_GROUP) };
}

function count(metric: "ApprovalsRequested" | "ApprovalsDecided"): void {
    metrics.addMetric(metric, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
}

/** Routes the four approval routes; anything else on these paths is 405, elsewhere 404. */
async function route(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    const caller = callerOf(event);
    switch (`${event.httpMethod} ${event.resource}`) {
        case "POST /items/{id}/publish": {
            const view = await requestPublish(ctx, caller, pathParam(event, ID_PATTERN, ID_RULE), STATE_MACHINE_ARN);
            count("ApprovalsRequested");
            return json(202, { ...view, links: { self: `/requests/${view.requestId}` } });
        }
        case "GET /requests/{id}":
            return json(200, await getRequest(ctx, caller, pathParam(event, REQUEST_ID, "a request id (UUID)")));
        case "GET /approvals": {
            const q = parse(PendingQuery, event.queryStringParameters ?? {});
            const cursor = q.cursor === undefined ? undefined : decodeQueueCursor(q.cursor);
            if (q.cursor !== undefined && !cursor) throw new ValidationError("cursor is not valid");
            return json(200, await listPending(ctx, caller, q.limit, cursor));
        }
        case "POST /approvals/{id}/decision": {
            const id = pathParam(event, REQUEST_ID, "a request id (UUID)");
            const input = parse(DecisionInput, jsonBody(event, 4096));
            const view = await decide(ctx, caller, id, input.decision, input.comment);
            metrics.addDimension("decision", input.decision);
            count("ApprovalsDecided");
            return json(200, view);
        }
        default:
            throw ["/items/{id}/publish", "/requests/{id}", "/approvals", "/approvals/{id}/decision"].includes(event.resource)
                ? new MethodNotAllowedError() : new NotFoundError("No such route");
    }
}

export const handler = apiHandler(route);
