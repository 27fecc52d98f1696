/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The web console in a real Chromium (playwright-core) against the local platform: the console is
 * served from its own origin and calls the regional APIs and the front door on others, so the
 * browser enforces CORS and the CSP as it would between console.<zone> and api.<zone>. One
 * platform, one browser, one context per user. Every page is scanned with axe-core (no serious or
 * critical violation) and photographed into test-results/console/. The tests are one story, in
 * order: alice's item is what carol approves and what bob must not see.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chromiumExecutable, launchChromium } from "../helpers/browser";
import { call, eventually, idToken, LocalPlatform, startTestPlatform } from "../helpers/localPlatform";

const SHOTS = path.resolve(__dirname, "../../test-results/console");
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 375, height: 740 };

describe("web console in Chromium (local platform)", function () {
    this.timeout(120_000);
    let platform: LocalPlatform;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    const contexts: BrowserContext[] = [];
    /** Script errors of any page of the current test (each test fails on one). */
    let pageErrors: string[] = [];
    const axe: Array<{ page: string; violations: Array<{ id: string; impact?: string | null }> }> = [];
    let itemId = "";
    let requestId = "";

    before(async () => {
        fs.mkdirSync(SHOTS, { recursive: true });
        const t0 = Date.now();
        [platform, { browser, close: closeBrowser }] = await Promise.all([startTestPlatform(), launchChromium().then(b => ({ browser: b.browser, close: b.close }))]);
        console.log(`      platform and Chromium ready in ${Date.now() - t0} ms`);
    });
    after(async () => {
        for (const c of contexts) await c.close().catch(() => undefined);
        await closeBrowser?.();
        await platform?.stop();
        const all = axe.flatMap(a => a.violations);
        console.log(`      axe-core: ${axe.length} scans, ${all.length} violations (${all.filter(v => v.impact === "serious" || v.impact === "critical").length} serious or critical)${all.length ? `: ${[...new Set(all.map(v => `${v.id} (${v.impact})`))].join(", ")}` : ""}`);
    });

    beforeEach(() => { pageErrors = []; });
    afterEach(() => { expect(pageErrors, "errors in the console's scripts").to.deep.equal([]); });

    const user = (name: string) => platform.ready.users.find(u => u.username === name)!;

    /** A fresh browser context (its own cookies and storage) with `viewport`; pages fail the test on any script error. */
    async function newPage(viewport = DESKTOP): Promise<Page> {
        const context = await browser.newContext({ viewport });
        contexts.push(context);
        const page = await context.newPage();
        page.on("pageerror", e => pageErrors.push(e.message));
        return page;
    }

    /** Signs `name` in through the console's button and the user pool's login page (code + PKCE). */
    async function signIn(page: Page, name: string, at = "/items"): Promise<void> {
        await page.goto(`${platform.ready.console}${at}`);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.getByLabel("Email or username").fill(name);
        await page.getByLabel("Password").fill(user(name).password);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(url => url.origin === platform.ready.console && url.pathname === at);
        await page.getByRole("banner").getByText(`Signed in as ${name}@example.com`).waitFor();
    }

    /** axe-core over the page as it is now: no serious or critical violation; a full-page screenshot. */
    async function check(page: Page, name: string): Promise<void> {
        const result = await new AxeBuilder({ page }).analyze();
        axe.push({ page: name, violations: result.violations.map(v => ({ id: v.id, impact: v.impact })) });
        const bad = result.violations.filter(v => v.impact === "serious" || v.impact === "critical");
        expect(bad.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).join("; ")}`), name).to.deep.equal([]);
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    }

    it("serves the console with the CloudFront headers: CSP naming exactly the API and user pool origins, HSTS, no framing, no inline script", async () => {
        const res = await fetch(`${platform.ready.console}/items/anything`);
        expect(res.status).to.equal(200);
        const html = await res.text();
        expect(html).to.contain("<div id=\"app\"></div>");
        expect(html).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/); // every script has a src
        const apis = Object.values(platform.ready.regions).map(r => r.api);
        expect(res.headers.get("content-security-policy")).to.equal(
            `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' ${[platform.ready.frontDoor, ...apis, platform.ready.cognito.endpoint].join(" ")}; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`);
        expect(res.headers.get("strict-transport-security")).to.equal("max-age=63072000; includeSubDomains; preload");
        expect(res.headers.get("x-frame-options")).to.equal("DENY");
        expect(res.headers.get("cache-control")).to.equal("no-cache");
        const js = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(html)![1];
        const asset = await fetch(`${platform.ready.console}${js}`);
        expect(asset.headers.get("cache-control")).to.equal("public, max-age=31536000, immutable");
        expect((await fetch(`${platform.ready.console}/assets/missing.js`)).status).to.equal(403);
    });

    it("alice signs in (code + PKCE), creates an item and edits it with its version; tokens are in sessionStorage, never localStorage", async () => {
        const page = await newPage();
        await signIn(page, "alice");
        expect(await page.evaluate(() => Object.keys(localStorage))).to.deep.equal([]);
        expect((await page.evaluate(() => Object.keys(sessionStorage))).some(k => k.startsWith("oidc.user:"))).to.equal(true);
        await page.getByLabel("Title").fill("Quarterly report");
        await page.getByLabel("Text").fill("Numbers for the quarter.");
        await page.getByLabel("Tags").fill("finance, q3");
        await page.getByRole("button", { name: "Create item" }).click();
        await page.getByRole("status").getByText("Created \"Quarterly report\".").waitFor();
        await check(page, "items");
        await page.getByRole("link", { name: "Quarterly report" }).click();
        await page.getByRole("heading", { level: 1, name: "Quarterly report" }).waitFor();
        itemId = page.url().split("/").pop()!;
        // The new page's heading has focus (screen readers announce it).
        expect(await page.evaluate(() => document.activeElement?.tagName)).to.equal("H1");
        await page.getByLabel("Title").fill("Quarterly report (final)");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.getByRole("status").getByText("Saved version 2.").waitFor();
        expect(await page.getByTestId("region").textContent()).to.equal("us-east-1");
        await page.getByRole("button", { name: "Request approval to publish" }).click();
        await page.getByRole("status").getByText(/Approval requested: request [0-9a-f-]{36} is submitted/).waitFor();
        requestId = /request ([0-9a-f-]{36})/.exec((await page.getByRole("status").textContent())!)![1];
        await check(page, "item");
    });

    it("a stale edit shows the conflict and the current version, and the user chooses", async () => {
        const page = await newPage();
        await signIn(page, "alice", `/items/${itemId}`);
        await page.getByRole("heading", { level: 1, name: "Quarterly report (final)" }).waitFor();
        // Another device saves first (version 2 -> 3).
        const token = await idToken(platform, "alice");
        const other = await call(`${platform.ready.regions["us-east-1"].api}/items/${itemId}`, { method: "PUT", token, body: { title: "Quarterly report (edited elsewhere)", body: "Other numbers.", version: 2 } });
        expect(other.status).to.equal(200);
        await page.getByLabel("Title").fill("Quarterly report (mine)");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        const conflict = page.getByRole("region", { name: "This item changed since you opened it" });
        await conflict.waitFor();
        await conflict.getByText("Your edit was not saved: the item is now at version 3 (you edited version 2).").waitFor();
        await conflict.getByText("Quarterly report (edited elsewhere)").waitFor();
        await check(page, "stale-edit");
        await conflict.getByRole("button", { name: "Save my edit over version 3" }).click();
        await page.getByRole("status").getByText("Saved version 4.").waitFor();
        expect((await call(`${platform.ready.regions["us-east-1"].api}/items/${itemId}`, { token })).body).to.deep.include({ title: "Quarterly report (mine)", version: 4 });
        // The conflict copies route is not deployed yet: the section stays hidden, the page works.
        expect(await page.getByRole("region", { name: "Conflict copies" }).count()).to.equal(0);
    });

    it("carol, an approver, signs in and approves the request from eu-west-1 (the request runs in us-east-1)", async () => {
        const page = await newPage();
        // Carol's browser resolves the latency name to eu-west-1: her console's API name is that region's.
        await page.route(`${platform.ready.console}/config.json`, async route => {
            const config = await (await route.fetch()).json();
            await route.fulfill({ json: { ...config, api: { ...config.api, url: platform.ready.regions["eu-west-1"].api } } });
        });
        await signIn(page, "carol", "/approvals");
        const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Quarterly report (final)" }) });
        await eventually(async () => {
            if (await card.count()) return true;
            await page.reload();
            await page.getByRole("heading", { level: 1, name: "Approvals" }).waitFor();
            return undefined;
        }, 15_000, "the request in carol's inbox");
        await card.getByLabel("Comment for “Quarterly report (final)”").fill("Good numbers.");
        await check(page, "approvals");
        await card.getByRole("button", { name: "Approve “Quarterly report (final)”" }).click();
        await page.getByRole("status").getByText("Approved \"Quarterly report (final)\" (now approved).").waitFor();
        expect(await page.getByTestId("region").textContent()).to.equal("eu-west-1");
        const request = await call(`${platform.ready.regions["us-east-1"].api}/requests/${requestId}`, { token: await idToken(platform, "carol") });
        expect(request.body).to.deep.include({ region: "us-east-1", decision: "approve", comment: "Good numbers." });
    });

    it("alice sees the outcome: a notice under My items and her item in the published feed", async () => {
        const page = await newPage();
        await signIn(page, "alice");
        await eventually(async () => {
            if (await page.getByText("Your request to publish Quarterly report (final) was approved and published").count()) return true;
            await page.reload();
            await page.getByRole("heading", { level: 1, name: "My items" }).waitFor();
            return undefined;
        }, 20_000, "the outcome notice");
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Published" }).click();
        const published = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Quarterly report \(final\)/ }) });
        await published.getByText("yours").waitFor();
        await published.getByText("Numbers for the quarter.").waitFor();
        expect(await page.getByRole("link", { name: "Published" }).getAttribute("aria-current")).to.equal("page");
        await check(page, "published");
    });

    it("bob sees none of alice's items (not in his list, not by address), and no approvals inbox", async () => {
        const page = await newPage();
        await signIn(page, "bob");
        await page.getByText("You have no items yet.").waitFor();
        expect(await page.getByRole("link", { name: /Quarterly report/ }).count()).to.equal(0);
        expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).count()).to.equal(0);
        await page.goto(`${platform.ready.console}/items/${itemId}`);
        await page.getByRole("heading", { level: 1, name: "Item not available" }).waitFor();
        await page.getByRole("alert").getByText(`Item ${itemId} not found (404 NOT_FOUND)`).waitFor();
        await page.goto(`${platform.ready.console}/approvals`);
        await page.getByText("Only members of the approvers group decide approval requests.").waitFor();
    });

    it("works at 375 px: nothing wider than the screen, same checks", async () => {
        const page = await newPage(PHONE);
        await signIn(page, "alice");
        await page.getByRole("link", { name: "Quarterly report (mine)" }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
        await check(page, "items-375px");
        await page.getByRole("link", { name: "Quarterly report (mine)" }).click();
        await page.getByRole("button", { name: "Request approval to publish" }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
        await check(page, "item-375px");
    });

    it("keyboard: the skip link is the first stop and jumps to the page; an item is created with keys alone", async () => {
        const page = await newPage();
        await signIn(page, "alice");
        const first = await page.evaluate(() => document.querySelector("a[href], button, input, textarea, [tabindex]:not([tabindex='-1'])")?.textContent);
        expect(first).to.equal("Skip to content");
        await page.getByRole("link", { name: "Skip to content" }).focus();
        await page.keyboard.press("Enter");
        expect(await page.evaluate(() => location.hash)).to.equal("#main");
        await page.getByLabel("Title").focus();
        await page.keyboard.type("Typed with the keyboard");
        for (const expected of ["body", "tags"]) {
            await page.keyboard.press("Tab");
            expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).to.equal(expected);
        }
        await page.keyboard.press("Tab");
        expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal("Create item");
        await page.keyboard.press("Enter");
        await page.getByRole("link", { name: "Typed with the keyboard" }).waitFor();
    });

    it("sign-out ends the session: tokens gone, the user pool's /logout visited, the console asks to sign in again", async () => {
        const page = await newPage();
        await signIn(page, "alice");
        const visited: string[] = [];
        page.on("request", r => visited.push(r.url()));
        await page.getByRole("button", { name: "Sign out" }).click();
        await page.getByRole("heading", { level: 1, name: "You are signed out" }).waitFor();
        expect(visited.some(u => u.startsWith(`${platform.ready.cognito.endpoint}/logout?client_id=${platform.ready.cognito.clientId}&logout_uri=`))).to.equal(true);
        expect((await page.evaluate(() => Object.keys(sessionStorage))).filter(k => k.startsWith("oidc.user:"))).to.deep.equal([]);
        await check(page, "signed-out");
        await page.goto(`${platform.ready.console}/items`);
        await page.getByRole("button", { name: "Sign in" }).waitFor();
        expect(await page.getByText("Signed in as").count()).to.equal(0);
    });

    it("the browser enforces CORS: a page on another origin cannot read the API; the console's origin can", async () => {
        const page = await newPage();
        const api = platform.ready.regions["us-east-1"].api;
        await page.goto(`${platform.ready.outbox}`); // another loopback origin, no CSP of its own
        const foreign = await page.evaluate(async url => { try { await fetch(`${url}/health`); return "read"; } catch (e) { return (e as Error).name; } }, api);
        expect(foreign).to.equal("TypeError");
        await page.goto(`${platform.ready.console}/signed-out`);
        const own = await page.evaluate(async url => (await fetch(`${url}/health`)).status, api);
        expect(own).to.equal(200);
    });
});

describe("the console tests' browser", () => {
    it("is the one CONSOLE_TEST_CHROMIUM names, and a wrong path fails with the reason instead of skipping", async () => {
        const saved = process.env.CONSOLE_TEST_CHROMIUM;
        try {
            process.env.CONSOLE_TEST_CHROMIUM = "/nonexistent/chromium";
            let error: unknown;
            try { await chromiumExecutable(); } catch (e) { error = e; }
            expect((error as Error)?.message).to.equal("CONSOLE_TEST_CHROMIUM=/nonexistent/chromium: no such file");
        } finally {
            if (saved === undefined) delete process.env.CONSOLE_TEST_CHROMIUM;
            else process.env.CONSOLE_TEST_CHROMIUM = saved;
        }
    });
});
