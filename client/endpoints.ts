/**
 * Endpoints from what a deployment publishes: the local platform's ready file, the stack's outputs
 * (`pulumi stack output --json`) or the console's `config.json`. Plain objects in, no file access
 * (client/node.ts reads files for Node callers).
 */
import type { Endpoints } from "./client";

/** The local platform's ready file (`npm start -- --ready-file F`; local/platform.ts `ReadyInfo`): every region's API, the front door as the latency name. */
export function endpointsFromReady(ready: { readonly frontDoor: string; readonly regions: Readonly<Record<string, { readonly api: string }>> }): Endpoints {
    return { regions: Object.fromEntries(Object.entries(ready.regions).map(([r, e]) => [r, e.api])), latencyUrl: ready.frontDoor };
}

/**
 * Stack outputs (`pulumi stack output --json`): `apiUrls` has each region's own URL (its
 * execute-api URL with the stage, which answers with or without DNS) and, with `platform:dns`,
 * `"*"` for the latency name; `regions` gives the order (home first).
 */
export function endpointsFromOutputs(outputs: { readonly apiUrls?: Readonly<Record<string, string>>; readonly regions?: readonly string[] }): Endpoints {
    const urls = outputs.apiUrls;
    if (!urls || typeof urls !== "object") throw new Error("The stack outputs have no apiUrls: has the stack been deployed (pulumi up)?");
    const order = outputs.regions?.length ? outputs.regions : Object.keys(urls).filter(r => r !== "*");
    const missing = order.filter(r => typeof urls[r] !== "string");
    if (missing.length) throw new Error(`apiUrls has no URL for ${missing.join(", ")}`);
    return { regions: Object.fromEntries(order.map(r => [r, urls[r]])), ...(urls["*"] ? { latencyUrl: urls["*"] } : {}) };
}

/** The console's `config.json` (`api.url`: the latency name or home API; `api.regions`: each region's own name, home first). */
export function endpointsFromConsoleConfig(config: { readonly api: { readonly url: string; readonly regions: Readonly<Record<string, string>> } }): Endpoints {
    return { regions: { ...config.api.regions }, latencyUrl: config.api.url };
}
