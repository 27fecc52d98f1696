/** zod at the edge: a failed parse is a 400 naming the first bad field. */
import * as z from "zod/mini";
import { ValidationError } from "./errors";

export function parse<T>(schema: z.ZodMiniType<T>, value: unknown): T {
    const result = schema.safeParse(value);
    if (!result.success) {
        const issue = result.error.issues[0];
        throw new ValidationError(`${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    return result.data;
}

/**
 * The one parser of numbers in query strings and paths (`limit`, `version`, ...): plain decimal
 * digits, no sign, no leading zero, at most a safe integer; anything else is `undefined`.
 * `Number()` and zod's `coerce` accept `0x10`, `1e1`, `" 5 "` and `""` (as 0), so a number in a
 * URL would have many spellings, and a cache or log keyed on one would miss the others.
 */
export function parseDecimalInteger(raw: string): number | undefined {
    if (!/^(0|[1-9][0-9]{0,15})$/.test(raw)) return undefined;
    const n = Number(raw);
    return Number.isSafeInteger(n) ? n : undefined;
}

/** A query-string number as a zod schema: {@link parseDecimalInteger} within `[min, max]`; a failure names the parameter (via {@link parse}). */
export function decimalIntParam(min: number, max: number) {
    const rule = `must be a decimal integer from ${min} to ${max}`;
    const schema = z.pipe(z.string(), z.transform((raw: string, ctx) => {
        const n = parseDecimalInteger(raw);
        if (n === undefined || n < min || n > max) {
            ctx.issues.push({ code: "custom", message: rule, input: raw });
            return z.NEVER;
        }
        return n;
    }));
    // What z.toJSONSchema says of it (the OpenAPI document): an integer in the URL, not "a string".
    return schema.register(z.globalRegistry, { type: "integer", minimum: min, maximum: max, description: "Decimal digits only: no sign, no leading zero, no exponent." });
}
