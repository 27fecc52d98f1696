/**
 * Cost of the committed stacks, computed from their offline plans by the cost model (what
 * `npm run cost -- --stack <name>` prints): fixed monthly cost per region, cost per million API
 * requests, what one more region adds, and how much of the fixed cost is health-check traffic.
 * Not a measurement of speed: prices come from the dated table in policies/cost/prices.json.
 */
import * as path from "node:path";
import { loadUsage } from "../policies/cost/usage";
import { priceStack, StackCost } from "../scripts/lib/cost/stackCost";
import { readStackConfig } from "../scripts/lib/stackConfig";
import { markdownTable } from "./lib/table";

const ROOT = path.resolve(__dirname, "..");
const usd = (n: number) => `$${n.toFixed(2)}`;

/** Prices the stacks; returns the Markdown section. */
export async function costSection(stacks = ["dev", "prod"]): Promise<string> {
    const usage = loadUsage();
    const costs: StackCost[] = [];
    for (const stack of stacks) costs.push(await priceStack(stack, readStackConfig(path.join(ROOT, `Pulumi.${stack}.yaml`)), usage));
    const rows: (string | number)[][] = [];
    for (const c of costs) {
        const r = c.report;
        for (const [region, t] of Object.entries(r.regions)) {
            const role = region === r.stackRegions[0] ? " (home)" : r.stackRegions.includes(region) ? "" : " (backup copies)";
            rows.push([c.stack, `${region}${role}`, usd(t.fixedMonthlyUsd), usd(t.perMillionRequestsUsd), usd(t.storageMonthlyUsd)]);
        }
        rows.push([c.stack, "global (Route 53)", usd(r.global.fixedMonthlyUsd), "-", "-"]);
        rows.push([c.stack, "**total**", `**${usd(r.fixedMonthlyUsd)}**`, `**${usd(r.perMillionRequestsUsd)}**`, `**${usd(r.storageMonthlyUsd)}**`]);
        const m = c.marginalRegion;
        rows.push([c.stack, m.region === null ? "one more region" : `one more region (${m.region})`,
            m.region === null ? m.reason : `+${usd(m.fixedMonthlyUsd)}`, m.region === null ? "-" : `+${usd(m.perMillionRequestsUsd)}`, m.region === null ? "-" : `+${usd(m.storageMonthlyUsd)}`]);
    }
    const first = costs[0].report;
    const probes = (c: StackCost) => c.report.lines.filter(l => l.kind === "fixed" && l.resource.startsWith("health-check probes of ")).reduce((n, l) => n + l.usd, 0);
    const xray = (c: StackCost) => c.report.lines.filter(l => l.kind === "fixed" && l.priceId === "xray.tracesRecorded").reduce((n, l) => n + l.usd, 0);
    return [
        "### Cost (computed from each stack's offline plan by `npm run cost`; no measurement involved)",
        "",
        `Price table of ${first.priceTableDate} (sources dated ${first.priceSourceDates.oldest} to ${first.priceSourceDates.newest}; regions without their own price lines are priced at the us-east-1 rate). `
            + `Usage: policies/cost/usage.yml (${usage.requests.monthly_requests.toLocaleString("en-US")} requests a month, ${usage.requests.reads_per_write} reads per write, ${usage.approvals.monthly_approvals.toLocaleString("en-US")} approvals, ${usage.data.stored_gb} GB stored, ${usage.users.monthly_active_users.toLocaleString("en-US")} MAU).`,
        "",
        markdownTable(["stack", "region", "fixed $/month (no traffic)", "per 1M requests", "storage $/month"], rows),
        "",
        ...costs.map(c => `- ${c.stack}: ${usd(probes(c))} of the ${usd(c.report.fixedMonthlyUsd)} fixed is the traffic Route 53 health checks send to every region's /health (API Gateway, WAF, Lambda, DynamoDB, logs), ${usd(xray(c))} of it X-Ray traces of those probes; users cost ${usd(c.report.usersMonthlyUsd)} and once traffic flows custom metrics ${usd(c.report.activeMonthlyUsd)} a month; at the usage file's volume the stack costs ${usd(c.report.monthlyAtUsageUsd)} a month.`),
    ].join("\n");
}

if (require.main === module) costSection().then(md => console.log(md), e => { console.error(e); process.exit(1); });
