/**
 * `npm run cost` output: the text tables and the JSON document other tools read
 * (fixedMonthlyUsd, perMillionRequestsUsd, regions, global, marginalRegion, priceTableDate, lines).
 */
import type { CostLine, LineKind } from "../../../policies/cost/model";
import type { Usage } from "../../../policies/cost/usage";
import type { StackCost } from "./stackCost";

const usd = (n: number, digits = 2) => `$${n.toFixed(digits)}`;

/** A number for a table cell: no more digits than it needs. */
function qty(n: number): string {
    if (n === 0) return "0";
    if (n >= 1000) return Math.round(n).toLocaleString("en-US");
    if (n >= 10) return n.toFixed(1).replace(/\.0$/, "");
    return Number(n.toPrecision(3)).toString();
}

/** `$3.50 per 1M requests`, `$0.0000133334 per GB-second`. */
export function unitPrice(price: number, per: number, unit: string): string {
    const digits = Math.max(2, (String(price).split(".")[1] ?? "").length);
    const scale = per >= 1e6 ? `${per / 1e6}M ` : per >= 1e3 ? `${per / 1e3}K ` : "";
    return `$${price.toFixed(digits)} per ${scale}${unit}`;
}

/** Lines of one kind and region with the same item and price, added up (resource: the one name, or how many). */
export function groupLines(lines: readonly CostLine[]): { resource: string; item: string; quantity: number; unit: string; unitPrice: string; usd: number; pricedAt: string }[] {
    const groups = new Map<string, CostLine[]>();
    for (const l of lines) {
        const key = `${l.type}|${l.item}|${l.priceId}|${l.unitPriceUsd}`;
        groups.set(key, [...(groups.get(key) ?? []), l]);
    }
    return [...groups.values()].map(g => {
        const names = [...new Set(g.map(l => l.resource))];
        const first = g[0];
        return {
            resource: names.length === 1 ? names[0] : first.type === "traffic" ? `${names.length} routes and steps` : `${names.length} x ${first.type.split(":").pop()}`,
            item: first.item,
            quantity: g.reduce((n, l) => n + l.quantity, 0),
            unit: first.unit,
            unitPrice: unitPrice(first.unitPriceUsd, first.per, first.unit),
            usd: g.reduce((n, l) => n + l.usd, 0),
            pricedAt: first.pricedAt,
        };
    }).sort((a, b) => b.usd - a.usd);
}

function table(header: string[], rows: string[][], right: number[]): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
    const fmt = (r: string[]) => `  ${r.map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd()}`;
    return [fmt(header), fmt(widths.map(w => "-".repeat(w))), ...rows.map(fmt)];
}

function section(title: string, kind: LineKind, cost: StackCost, amount: string): string[] {
    const out: string[] = [];
    const lines = cost.report.lines.filter(l => l.kind === kind);
    if (lines.length === 0) return out;
    out.push("", title);
    const regions = [...new Set(lines.map(l => l.region))].sort((a, b) => order(cost, a) - order(cost, b));
    for (const region of regions) {
        const here = lines.filter(l => l.region === region);
        const total = here.reduce((n, l) => n + l.usd, 0);
        out.push(`  ${label(cost, region)}: ${usd(total)}`);
        const rows = groupLines(here).map(g => [g.resource, `${g.item}${g.pricedAt !== region && g.pricedAt !== "global" ? " *" : ""}`, qty(g.quantity), g.unitPrice, usd(g.usd, g.usd < 0.01 ? 4 : 2)]);
        out.push(...table(["resource", "item", "quantity", "unit price", amount], rows, [2, 4]).map(l => `  ${l}`));
    }
    return out;
}

function order(cost: StackCost, region: string): number {
    const i = cost.report.stackRegions.indexOf(region);
    return region === "global" ? 1000 : i === -1 ? 500 : i;
}

function label(cost: StackCost, region: string): string {
    if (region === "global") return "global";
    if (region === cost.report.stackRegions[0]) return `${region} (home)`;
    return cost.report.stackRegions.includes(region) ? region : `${region} (backup copies)`;
}

/** The text report. */
export function renderCost(cost: StackCost, usage: Usage, usageFile: string): string {
    const r = cost.report;
    const summary: [string, string][] = [
        ["Fixed monthly cost (no traffic)", usd(r.fixedMonthlyUsd)],
        ["Per million API requests", `${usd(r.perMillionRequestsUsd)} (the usage file's request mix, traffic split ${Object.keys(usage.requests.region_share).length ? "as region_share says" : "evenly over the regions"})`],
        [`Storage and backups at ${usage.data.stored_gb} GB`, `${usd(r.storageMonthlyUsd)} a month`],
        [`Users at ${usage.users.monthly_active_users.toLocaleString("en-US")} MAU`, `${usd(r.usersMonthlyUsd)} a month`],
        ["Custom metrics once traffic flows", `${usd(r.activeMonthlyUsd)} a month`],
        [`At ${usage.requests.monthly_requests.toLocaleString("en-US")} requests a month`, `${usd(r.monthlyAtUsageUsd)} a month, all of the above`],
    ];
    if (cost.budgetMonthlyFixedUsd !== undefined) {
        summary.push(["Budget (platform:budget.monthlyFixedUsd)", `${usd(cost.budgetMonthlyFixedUsd)}: ${r.fixedMonthlyUsd > cost.budgetMonthlyFixedUsd ? "EXCEEDED" : "met"}`]);
    }
    const m = cost.marginalRegion;
    summary.push([m.region === null ? "One more region" : `One more region (${m.region})`,
        m.region === null ? `not computed: ${m.reason}` : `+${usd(m.fixedMonthlyUsd)} fixed a month, +${usd(m.perMillionRequestsUsd)} per million requests, +${usd(m.storageMonthlyUsd)} storage a month`]);
    const width = Math.max(...summary.map(([k]) => k.length)) + 1;
    const out: string[] = [
        `Cost of platform/${cost.stack} (offline plan; prices of ${r.priceTableDate}, sources dated ${r.priceSourceDates.oldest} to ${r.priceSourceDates.newest}; usage ${usageFile})`,
        "",
        ...summary.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v}`),
    ];
    out.push("", "By region:");
    const rows = [...Object.entries(r.regions).sort(([a], [b]) => order(cost, a) - order(cost, b)).map(([region, t]) =>
        [label(cost, region), usd(t.fixedMonthlyUsd), usd(t.perMillionRequestsUsd), usd(t.storageMonthlyUsd), usd(t.activeMonthlyUsd), usd(t.usersMonthlyUsd)]),
    ["global", usd(r.global.fixedMonthlyUsd), "-", "-", "-", "-"]];
    out.push(...table(["region", "fixed/month", "per 1M requests", "storage/month", "metrics/month", "users/month"], rows, [1, 2, 3, 4, 5]));
    out.push(...section("Fixed monthly cost, line by line (no traffic; Route 53 health checks probe every region's /health):", "fixed", cost, "monthly"));
    out.push(...section("Per million API requests, line by line:", "requests", cost, "per 1M requests"));
    out.push(...section(`Storage and backups at ${usage.data.stored_gb} GB stored:`, "storage", cost, "monthly"));
    out.push(...section(`Users at ${usage.users.monthly_active_users} monthly active users:`, "users", cost, "monthly"));
    out.push(...section("Custom metrics the handlers publish (once traffic flows):", "active", cost, "monthly"));
    if (r.lines.some(l => l.pricedAt !== l.region && l.pricedAt !== "global")) {
        out.push("", "* priced at the us-east-1 rate: the price table has no line for that region (see regionRule in policies/cost/prices.json).");
    }
    out.push("", "Not priced:", ...r.notes.map(n => `  - ${n}`));
    return out.join("\n");
}

/** The JSON document `--json FILE` writes. */
export function costJson(cost: StackCost, usageFile: string): Record<string, unknown> {
    const r = cost.report;
    return {
        project: "platform",
        stack: cost.stack,
        priceTableDate: r.priceTableDate,
        priceSourceDates: r.priceSourceDates,
        usageFile,
        stackRegions: r.stackRegions,
        fixedMonthlyUsd: r.fixedMonthlyUsd,
        perMillionRequestsUsd: r.perMillionRequestsUsd,
        storageMonthlyUsd: r.storageMonthlyUsd,
        usersMonthlyUsd: r.usersMonthlyUsd,
        activeMonthlyUsd: r.activeMonthlyUsd,
        monthlyAtUsageUsd: r.monthlyAtUsageUsd,
        ...(cost.budgetMonthlyFixedUsd !== undefined ? { budget: { monthlyFixedUsd: cost.budgetMonthlyFixedUsd, exceeded: r.fixedMonthlyUsd > cost.budgetMonthlyFixedUsd } } : {}),
        regions: r.regions,
        global: r.global,
        marginalRegion: cost.marginalRegion.region === null
            ? { region: null, fixedMonthlyUsd: null, perMillionRequestsUsd: null, reason: cost.marginalRegion.reason }
            : cost.marginalRegion,
        lines: r.lines,
        notes: r.notes,
    };
}
