/**
 * A real Chromium for the console's browser tests, driven by playwright-core: the one configured in
 * `CONSOLE_TEST_CHROMIUM` (a path, e.g. Debian's /usr/bin/chromium), else the Chromium that
 * `@sparticuz/chromium` ships inside its npm package (Linux x64), so `npm ci` alone brings a
 * browser. No browser is a test failure with the reason, never a skip.
 */
import * as fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * Flags that matter on a build machine: headless, no sandbox (root in containers), nothing fetched
 * in the background. The fresh profile comes from playwright itself: `launch` gives every browser
 * a new temporary user-data directory (it refuses `--user-data-dir`) and removes it on close.
 */
export const CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
];

/** Where the Chromium comes from, or why there is none. */
export async function chromiumExecutable(): Promise<{ path: string; source: string }> {
    const configured = process.env.CONSOLE_TEST_CHROMIUM;
    if (configured) {
        if (!fs.existsSync(configured)) throw new Error(`CONSOLE_TEST_CHROMIUM=${configured}: no such file`);
        return { path: configured, source: "CONSOLE_TEST_CHROMIUM" };
    }
    if (process.platform !== "linux" || process.arch !== "x64") {
        throw new Error(`No browser for the console tests: @sparticuz/chromium ships Chromium for Linux x64 only (this is ${process.platform} ${process.arch}); set CONSOLE_TEST_CHROMIUM to a Chromium or Chrome executable`);
    }
    let sparticuz: { executablePath(): Promise<string> };
    try {
        sparticuz = require("@sparticuz/chromium").default ?? require("@sparticuz/chromium");
    } catch (e) {
        throw new Error(`No browser for the console tests: @sparticuz/chromium is not installed (npm ci installs it) and CONSOLE_TEST_CHROMIUM is not set: ${(e as Error).message}`);
    }
    return { path: await sparticuz.executablePath(), source: "@sparticuz/chromium" };
}

/** Launches Chromium (a fresh profile, removed on close). */
export async function launchChromium(): Promise<{ browser: Browser; source: string; close: () => Promise<void> }> {
    const exe = await chromiumExecutable();
    const browser = await chromium.launch({ executablePath: exe.path, args: CHROMIUM_ARGS, headless: true });
    return { browser, source: exe.source, close: () => browser.close() };
}
