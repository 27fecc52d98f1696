/**
 * esbuild's part of bundling a Lambda handler (no Pulumi here: the local platform and benchmarks
 * build the same bundles without loading the Pulumi SDK).
 */
import * as path from "node:path";
import * as esbuild from "esbuild";

/** Repository root (this file lives in components/logic/). */
const ROOT = path.resolve(__dirname, "../..");

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
