/**
 * What the approval API accepts, as zod schemas: the handler parses requests with them and the
 * OpenAPI document (scripts/lib/openapi.ts) is generated from them. No side effects on import.
 */
import * as z from "zod/mini";
import { decimalIntParam } from "../../shared/validation";

/** `POST /approvals/{id}/decision` body. */
export const DecisionInput = z.strictObject({
    decision: z.enum(["approve", "reject"]),
    comment: z.optional(z.string().check(z.minLength(1), z.maxLength(1000))),
});

/** `GET /published` and `GET /notices` query string. */
export const PageQuery = z.strictObject({
    limit: z._default(decimalIntParam(1, 100), 25),
    cursor: z.optional(z.string().check(z.maxLength(300))),
});

/** `GET /approvals` query string. */
export const PendingQuery = z.strictObject({
    status: z.literal("pending"),
    limit: z._default(decimalIntParam(1, 100), 25),
    cursor: z.optional(z.string().check(z.maxLength(300))),
});
