/**
 * The client library as the console ships it: bundled for the browser by esbuild (no Node
 * built-ins, no AWS SDK, nothing external), minified, within a size budget.
 */
import { expect } from "chai";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = path.resolve(__dirname, "../..");

/** Minified and gzipped size of client/index.ts bundled for browsers. */
export async function clientBundleSize(): Promise<{ minified: number; gzipped: number; text: string }> {
    const out = await build({
        entryPoints: [path.join(ROOT, "client/index.ts")], bundle: true, minify: true, format: "esm",
        platform: "browser", target: "es2022", write: false, logLevel: "silent",
    });
    const text = out.outputFiles[0].text;
    return { minified: Buffer.byteLength(text), gzipped: gzipSync(text, { level: 9 }).length, text };
}

describe("client library bundle (browser)", () => {
    it("bundles for the browser without Node built-ins or the AWS SDK, under 16 KB minified", async () => {
        const { minified, gzipped, text } = await clientBundleSize();
        console.log(`      client/index.ts for browsers: ${minified} B minified, ${gzipped} B gzipped`);
        expect(text).to.not.match(/require\(|node:|@aws-sdk|amazon-cognito-identity-js/);
        expect(minified).to.be.below(16 * 1024);
    });

    it("fails to bundle client/node.ts for the browser (it is Node-only, and index.ts does not import it)", async () => {
        let error: unknown;
        await build({ entryPoints: [path.join(ROOT, "client/node.ts")], bundle: true, platform: "browser", write: false, logLevel: "silent" }).catch(e => { error = e; });
        expect(String(error)).to.contain("node:child_process");
    });
});
