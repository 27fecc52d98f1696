/**
 * Bundles a Lambda handler with esbuild while the program runs, in memory, so `pulumi up` ships
 * exactly the code in the working tree and an unchanged handler produces byte-identical output
 * (no diff in `pulumi preview`).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { BundleOptions, buildHandlerCode, DEFAULT_EXTERNAL } from "./handlerCode";

export { buildHandlerCode, DEFAULT_EXTERNAL } from "./handlerCode";
export type { BundleOptions } from "./handlerCode";

/** A bundled handler. */
export interface HandlerBundle {
    /** `index.js` (+ `index.js.map`), ready for `aws.lambda.Function.code`; `handler` is `index.handler`. */
    readonly archive: pulumi.asset.AssetArchive;
    /** The minified code, for size checks and tests. */
    readonly code: string;
    /** SHA-256 of the code, base64: what Lambda reports as CodeSha256 for the same bytes. */
    readonly sha256: string;
}

const cache = new Map<string, HandlerBundle>();

/** The bundle of `handlers/<name>/index.ts`, built once per process. */
export function bundleHandler(name: string, opts: BundleOptions = {}): HandlerBundle {
    const key = `${name}|${(opts.external ?? DEFAULT_EXTERNAL).join(",")}|${JSON.stringify(opts.alias ?? {})}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const { code, map } = buildHandlerCode(name, opts);
    const bundle: HandlerBundle = {
        archive: new pulumi.asset.AssetArchive({
            "index.js": new pulumi.asset.StringAsset(code),
            "index.js.map": new pulumi.asset.StringAsset(map),
        }),
        code,
        sha256: createHash("sha256").update(code).digest("base64"),
    };
    cache.set(key, bundle);
    return bundle;
}
