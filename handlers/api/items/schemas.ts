/**
 * What the items API accepts in query strings, as zod schemas: the handler parses requests with
 * them and the OpenAPI document (scripts/lib/openapi.ts) is generated from them, with the bodies'
 * schemas in domain.ts. No side effects on import.
 */
import * as z from "zod/mini";
import { decimalIntParam } from "../../shared/validation";

/** `Idempotency-Key` header of `POST /items`: 1-128 characters of A-Z a-z 0-9 _ - : . */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_:.-]{1,128}$/;

/** `GET /items` query string. */
export const ListQuery = z.object({
    limit: z._default(decimalIntParam(1, 100), 25),
    cursor: z.optional(z.string().check(z.maxLength(200))),
});

/** `DELETE /items/{id}` query string. */
export const DeleteQuery = z.object({ version: z.optional(decimalIntParam(1, Number.MAX_SAFE_INTEGER)) });

/** `PUT /home` body: the region that decides the caller's partition from now on. */
export const HomeInput = z.strictObject({ region: z.string().check(z.maxLength(30)) });
