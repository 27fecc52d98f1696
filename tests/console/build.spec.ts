/** The console's build: what the program uploads and the local platform serves. */
import { expect } from "chai";
import { buildConsole, cacheControlOf, contentTypeOf } from "../../console/build";

describe("console build (esbuild, in memory)", () => {
    const build = buildConsole();
    const file = (p: string) => build.files.find(f => f.path === p);

    it("has index.html loading only the hashed bundle and stylesheet from the site itself: no inline script, style or handler", () => {
        const html = file("index.html")!.contents.toString("utf8");
        const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(m => m[1]);
        expect(refs.sort()).to.deep.equal(["/favicon.svg", ...build.files.filter(f => /^assets\/app-[A-Z0-9]{8}\.(js|css)$/.test(f.path)).map(f => `/${f.path}`)].sort());
        for (const ref of refs) expect(file(ref.slice(1)), ref).to.not.equal(undefined);
        expect(html).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(html).to.not.match(/<style|\son[a-z]+=|javascript:/i);
    });

    it("names assets by content hash, so they can be cached for a year; pages and config are revalidated", () => {
        expect(build.files.map(f => f.path).filter(p => p.startsWith("assets/")).every(p => /^assets\/app-[A-Z0-9]{8}\.(js|css)(\.map)?$/.test(p))).to.equal(true);
        expect(cacheControlOf("assets/app-ABCDEFGH.js")).to.equal("public, max-age=31536000, immutable");
        expect(cacheControlOf("index.html")).to.equal("no-cache");
        expect(cacheControlOf("config.json")).to.equal("no-cache");
        expect(contentTypeOf("x.js")).to.equal("text/javascript; charset=utf-8");
        expect(() => contentTypeOf("x.exe")).to.throw("No content type for x.exe");
        expect(build.files.every(f => f.contentType && f.cacheControl)).to.equal(true);
    });

    it("keeps the bundle small enough for a first visit on a phone (under 40 KB gzipped)", () => {
        console.log(`      app.js ${build.jsBytes} bytes, ${build.jsGzipBytes} gzipped; app.css ${build.cssBytes} bytes`);
        expect(build.jsGzipBytes).to.be.below(40 * 1024);
    });
});
