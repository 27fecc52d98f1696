/**
 * Bundles a Lambda handler with esbuild while the program runs, in memory, so `pulumi up` ships
 * exactly the code in the working tree and an unchanged handler produces byte-identical output
 * (no diff in `pulumi preview`).
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";

/** Repository root (this file lives in components/logic/). */
const ROOT = path.resolve(__dirname, "../..");

/** A bundled handler. */
export interface HandlerBundle {
    /** `index.js` (+ `index.js.map`), ready for `aws.lambda.Function.code`; `handler` is `index.handler`. */
    readonly archive: pulumi.asset.AssetArchive;
    /** The minified code, for size checks and tests. */
    readonly code: string;
    /** SHA-256 of the code, base64: what Lambda reports as CodeSha256 for the same bytes. */
    readonly sha256: string;
}

/** Options of {@link buildHandlerCode}. */
export interface BundleOptions {
    /**
     * Packages left out of the bundle. @default ["@aws-sdk/*"]: the Node.js Lambda runtimes ship AWS
     * SDK v3, and inlining it grows the items bundle from ~65 KB to ~550 KB minified (slower cold
     * starts). The cost: the SDK version in Lambda is the runtime's, not the lockfile's; the
     * handlers use only long-stable SDK APIs.
     */
    readonly external?: readonly string[];
    /**
     * Module substitutions (esbuild `alias`), e.g. a pass-through in place of a library, so the
     * cold-start benchmark can measure what that library costs. Never used for deployed bundles.
     */
    readonly alias?: Readonly<Record<string, string>>;
}

/** What the Lambda runtime provides. */
export const DEFAULT_EXTERNAL: readonly string[] = ["@aws-sdk/*"];

/** Runs esbuild for `handlers/<name>/index.ts` and returns the code and source map. */
export function buildHandlerCode(name: string, opts: BundleOptions = {}): { code: string; map: string } {
    const result = esbuild.buildSync({
        absWorkingDir: ROOT,
        entryPoints: [path.join("handlers", name, "index.ts")],
        bundle: true,
        minify: true,
        sourcemap: "external",
        sourcesContent: false,
        platform: "node",
        target: "node22",
        format: "cjs",
        outfile: "index.js",
        write: false,
        legalComments: "none",
        external: [...(opts.external ?? DEFAULT_EXTERNAL)],
        ...(opts.alias ? { alias: { ...opts.alias } } : {}),
        // Deterministic output: no absolute paths, no timestamps.
        metafile: false,
        logLevel: "silent",
    });
    const code = result.outputFiles.find(f => f.path.endsWith("index.js"))!.text;
    const map = result.outputFiles.find(f => f.path.endsWith("index.js.map"))!.text;
    return { code, map };
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
