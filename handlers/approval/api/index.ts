/**
 * Approval API (REST API proxy integration behind the Cognito authorizer):
 * POST /items/{id}/publish, GET /requests/{id}, GET /approvals?status=pending,
 * POST /approvals/{id}/decision, and what approvals produce: GET /published (the published feed,
 * every signed-in user) and GET /notices (the caller's outcome notices). GETs never change state
 * (mail scanners follow links).
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
import { DecisionInput, PageQuery, PendingQuery } from "./schemas";
import { ApprovalCtx, Caller, decide, decodeFeedCursor, decodeNoticeCursor, decodeQueueCursor, getRequest, listNotices, listPending, listPublished, REQUEST_ID, requestPublish } from "../domain";

const STATE_MACHINE_ARN = required("STATE_MACHINE_ARN");
const REGIONS = required("PLATFORM_REGIONS").split(",");
/** How long a request's region must be out before this API decides it elsewhere (a takeover). */
const TAKEOVER_AFTER_MS = Number(required("TAKEOVER_AFTER_SECONDS")) * 1000;
if (!(TAKEOVER_AFTER_MS > 0)) throw new Error("TAKEOVER_AFTER_SECONDS must be a positive number");

/** `eventual`: a publish is decided at the partition's home (as items are); `strong`: DynamoDB arbitrates, this replica decides. */
const DECISIONS = required("PARTITION_DECISIONS");
const HOME_TIMEOUT_MS = Number(required("HOME_TIMEOUT_MS"));
if (!["eventual", "strong"].includes(DECISIONS) || !(HOME_TIMEOUT_MS > 0)) throw new Error("PARTITION_DECISIONS must be eventual or strong and HOME_TIMEOUT_MS positive");

const ctx: ApprovalCtx = {
    table: env.tableName, region: env.region, regions: REGIONS, db: dynamoIn, sfn: sfnIn, takeoverAfterMs: TAKEOVER_AFTER_MS,
    // Only the local platform's tests set TAKEOVER_FENCING=off, to show the drill catching two outcomes.
    takeoverFencing: process.env.TAKEOVER_FENCING !== "off",
    ...(DECISIONS === "eventual" ? { homeBudgetMs: HOME_TIMEOUT_MS } : {}),
};

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

/** Paths this function serves (routes.ts): another method on one of them is 405, anything else 404. */
const PATHS = ["/items/{id}/publish", "/requests/{id}", "/approvals", "/approvals/{id}/decision", "/published", "/notices"];

/** Routes the approval routes; anything else on these paths is 405, elsewhere 404. */
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
        case "GET /published": {
            const q = parse(PageQuery, event.queryStringParameters ?? {});
            const before = q.cursor === undefined ? undefined : decodeFeedCursor(q.cursor);
            if (q.cursor !== undefined && !before) throw new ValidationError("cursor is not valid");
            return json(200, await listPublished(ctx, caller, q.limit, before));
        }
        case "GET /notices": {
            const q = parse(PageQuery, event.queryStringParameters ?? {});
            const after = q.cursor === undefined ? undefined : decodeNoticeCursor(q.cursor);
            if (q.cursor !== undefined && !after) throw new ValidationError("cursor is not valid");
            return json(200, await listNotices(ctx, caller, q.limit, after));
        }
        default:
            throw PATHS.includes(event.resource) ? new MethodNotAllowedError() : new NotFoundError("No such route");
    }
}

export const handler = apiHandler(route);
