/** zod at the edge: a failed parse is a 400 naming the first bad field. */
import type * as z from "zod/mini";
import { ValidationError } from "./errors";

export function parse<T>(schema: z.ZodMiniType<T>, value: unknown): T {
    const result = schema.safeParse(value);
    if (!result.success) {
        const issue = result.error.issues[0];
        throw new ValidationError(`${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    return result.data;
}
