/**
 * Builds the web console with esbuild, in memory: the program uploads these files during
 * `pulumi up` (components/webConsole.ts), the local platform serves them (local/console.ts), and
 * `npm run console:build` writes them to dist/console. No step to remember: a fresh clone plans,
 * tests and serves the console from its sources.
 *
 * Output: `index.html` (no inline script or style: it loads the hashed bundle and stylesheet),
 * `assets/app-<hash>.js` and `.css` (content-hashed names, so they can be cached for a year),
 * their source maps, `favicon.svg`. `config.json` is not part of the build: it is per deployment.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const DIR = __dirname;

/** One file of the site, with what S3 (or the local server) answers it with. */
export interface SiteFile {
    /** Key / path without the leading slash, e.g. `assets/app-3F2A.js`. */
    readonly path: string;
    readonly contents: Buffer;
    readonly contentType: string;
    readonly cacheControl: string;
}

/** Content types by extension (S3 serves what it was given at upload). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
};

/**
 * Cache-Control by file: content-hashed assets never change under their name (a year, immutable);
 * `index.html` and `config.json` name what the current deployment is, so browsers and CloudFront
 * revalidate them on every load (`no-cache`: stored, but checked first).
 */
export function cacheControlOf(file: string): string {
    if (file.startsWith("assets/")) return "public, max-age=31536000, immutable";
    if (file === "index.html" || file === "config.json") return "no-cache";
    return "public, max-age=3600";
}

/** The content type of a site path; throws for an extension the site does not use (never a guessed type). */
export function contentTypeOf(file: string): string {
    const type = CONTENT_TYPES[path.extname(file)];
    if (!type) throw new Error(`No content type for ${file}`);
    return type;
}

function siteFile(file: string, contents: Buffer): SiteFile {
    return { path: file, contents, contentType: contentTypeOf(file), cacheControl: cacheControlOf(file) };
}

/** A built console. */
export interface ConsoleBuild {
    readonly files: readonly SiteFile[];
    /** Bytes of the JavaScript bundle, and gzipped (what a first visit downloads). */
    readonly jsBytes: number;
    readonly jsGzipBytes: number;
    readonly cssBytes: number;
}

let cached: ConsoleBuild | undefined;

/** Builds the console (once per process: the sources do not change while a program or platform runs). */
export function buildConsole(): ConsoleBuild {
    if (cached) return cached;
    const result = esbuild.buildSync({
        absWorkingDir: DIR,
        entryPoints: { app: "src/main.tsx" },
        bundle: true,
        minify: true,
        format: "esm",
        target: ["es2020", "chrome100", "firefox100", "safari15"],
        platform: "browser",
        jsx: "automatic",
        jsxImportSource: "preact",
        entryNames: "assets/[name]-[hash]",
        outdir: "out",
        sourcemap: "linked",
        sourcesContent: false,
        // Licences of the bundled libraries (preact MIT, oidc-client-ts Apache-2.0) stay with the code.
        legalComments: "eof",
        define: { "process.env.NODE_ENV": "\"production\"" },
        write: false,
        logLevel: "silent",
    });
    const files: SiteFile[] = [];
    let js = "";
    let css = "";
    for (const out of result.outputFiles) {
        const rel = path.relative(path.join(DIR, "out"), out.path).split(path.sep).join("/");
        files.push(siteFile(rel, Buffer.from(out.contents)));
        if (rel.endsWith(".js")) js = rel;
        if (rel.endsWith(".css")) css = rel;
    }
    if (!js || !css) throw new Error("The console build produced no bundle or no stylesheet");
    const html = fs.readFileSync(path.join(DIR, "index.html"), "utf8").replace("{{js}}", `/${js}`).replace("{{css}}", `/${css}`);
    files.push(siteFile("index.html", Buffer.from(html, "utf8")));
    files.push(siteFile("favicon.svg", fs.readFileSync(path.join(DIR, "favicon.svg"))));
    const bundle = files.find(f => f.path === js)!.contents;
    cached = {
        files: files.sort((a, b) => a.path.localeCompare(b.path)),
        jsBytes: bundle.length,
        jsGzipBytes: gzipSync(bundle, { level: 9 }).length,
        cssBytes: files.find(f => f.path === css)!.contents.length,
    };
    return cached;
}

/** `npm run console:build [-- --out DIR]`: writes the build to dist/console (or DIR) and prints its sizes. */
if (require.main === module) {
    const at = process.argv.indexOf("--out");
    const out = path.resolve(at > 0 ? process.argv[at + 1] : path.join(DIR, "..", "dist", "console"));
    const build = buildConsole();
    fs.rmSync(out, { recursive: true, force: true });
    for (const f of build.files) {
        fs.mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
        fs.writeFileSync(path.join(out, f.path), f.contents);
    }
    console.log(`Wrote ${build.files.length} files to ${out}: app.js ${build.jsBytes} bytes (${build.jsGzipBytes} gzipped), app.css ${build.cssBytes} bytes`);
}

/** The CloudFront Function's source (cloudfront-js-2.0), as deployed and as the local console server runs it. */
export function viewerRequestCode(): string {
    return fs.readFileSync(path.join(DIR, "edge", "viewer-request.js"), "utf8");
}
