/**
 * Failover seen by a client: on the local platform (dev stack, Route 53 timings scaled by
 * `timeScale`), a steady client (20 calls/s, half reads, half creates) while the region serving it
 * fails, then recovers. Side by side, each in its own outage:
 *
 * - baseline: a DNS-only client, which knows the latency name only (the front door, as a client
 *   in eu-west-1) and keeps Route 53's timings (health checks + the record's 60 s TTL); its times
 *   are reported in real-world seconds (measured / timeScale);
 * - the client library, which knows every region's own name: real milliseconds.
 *
 * Both are the same PlatformClient with the same retry policy; only the endpoints differ. Reported:
 * time from the failure to the first call that succeeded after it, calls the caller saw fail,
 * duplicate and lost creates (every create has its own title; both replicas are listed once
 * replication has delivered what the outage held), and the time until the recovered region serves
 * the client again.
 */
import { endpointsFromReady, PlatformClient, passwordTokenProvider } from "../client";
import { LocalPlatform, startPlatform } from "../local/platform";
import { duplicates, figures, FailoverFigures, runStream } from "./failoverStream";
import { markdownTable, median } from "./lib/table";

const EU = "eu-west-1";
const US = "us-east-1";
const TIME_SCALE = 0.01;
const RATE = 20;

interface Run extends FailoverFigures {
    readonly duplicates: number;
    readonly missing: number;
    readonly creates: number;
}

async function settledTitles(platform: LocalPlatform, client: PlatformClient, prefix: string): Promise<string[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
        const [us, eu] = await Promise.all([US, EU].map(r => client.listAllItems({ region: r })));
        const titles = (items: typeof us) => items.map(i => i.title).filter(t => t.startsWith(prefix)).sort();
        if (JSON.stringify(titles(us)) === JSON.stringify(titles(eu))) return titles(us);
        if (Date.now() > deadline) throw new Error(`replicas of ${platform.ready.stack} did not converge`);
        await new Promise(r => setTimeout(r, 100));
    }
}

/** One outage seen by one client: warm up, fail eu-west-1, recover it after `outageMs`, run until the client is back (or a cap). */
async function outage(platform: LocalPlatform, kind: "dns" | "library", outageMs: number, n: number): Promise<Run> {
    const user = platform.ready.users.find(u => u.groups.length === 0)!;
    const token = passwordTokenProvider({ endpoint: platform.ready.cognito.endpoint, clientId: platform.ready.cognito.clientId }, user.username, user.password);
    const endpoints = endpointsFromReady(platform.ready);
    const client = kind === "library"
        ? new PlatformClient({ endpoints, token, preferredRegion: EU })
        : new PlatformClient({ endpoints: { regions: {}, latencyUrl: endpoints.latencyUrl }, token, headers: { "x-client-region": EU } });
    await client.listItems(); // signed in, connections open
    const prefix = `bench-${kind}-${n}-${Date.now()}`;
    const failAt = 1000;
    const { calls, marks } = await runStream({
        client, ratePerSecond: RATE, durationMs: failAt + outageMs + 500, titlePrefix: prefix,
        events: [
            { name: "fail", atMs: failAt, action: () => platform.failRegion(EU) },
            { name: "recover", atMs: failAt + outageMs, action: () => platform.recoverRegion(EU) },
        ],
        until: (cs, m) => m.recover !== undefined && cs.some(c => c.kind === "create" && c.ok && c.region === EU && c.startMs > m.recover),
        maxExtraMs: 10_000,
    });
    const f = figures(calls, marks["fail:start"], marks.recover, EU);
    const d = duplicates(calls, await settledTitles(platform, new PlatformClient({ endpoints, token }), prefix), prefix);
    return { ...f, duplicates: d.duplicates, missing: d.missing, creates: calls.filter(c => c.kind === "create" && c.ok).length };
}

export async function run(quick: boolean): Promise<{ markdown: string; targets: string[] }> {
    const runs = quick ? 1 : 3;
    const platform = await startPlatform({ stack: "dev", port: 0, replicationLagMs: 200, timeScale: TIME_SCALE });
    const dns: Run[] = [];
    const lib: Run[] = [];
    const hc = platform.config.healthCheck;
    // Long enough for DNS to move: detection (interval x threshold, plus one interval of probe phase) + TTL, scaled, and a margin.
    const outageMs = Math.round((hc.intervalSeconds * (hc.failureThreshold + 1) + 60) * 1000 * TIME_SCALE) + 1500;
    try {
        for (let i = 0; i < runs; i++) {
            dns.push(await outage(platform, "dns", outageMs, i));
            lib.push(await outage(platform, "library", outageMs, i));
        }
        const real = (ms: number) => ms / 1000 / TIME_SCALE;
        const m = (rs: Run[], pick: (r: Run) => number | undefined) => median(rs.map(pick).filter((x): x is number => x !== undefined && Number.isFinite(x)));
        const sum = (rs: Run[], pick: (r: Run) => number) => rs.reduce((a, r) => a + pick(r), 0);
        const dnsFirst = m(dns, r => r.toFirstSuccessMs);
        const libFirst = m(lib, r => r.toFirstSuccessMs);
        const table = markdownTable(
            ["client", "failure -> first success", "x DNS-only", "calls seen failing", "duplicate creates", "lost creates", "back after recovery"],
            [
                ["DNS-only (latency name, baseline)", `${real(dnsFirst).toFixed(0)} s real-world (${dnsFirst.toFixed(0)} ms scaled)`, "1.00x",
                    `${sum(dns, r => r.failedCalls)} of ${sum(dns, r => r.calls)}`, String(sum(dns, r => r.duplicates)), String(sum(dns, r => r.missing)),
                    `${real(m(dns, r => r.backAfterRecoveryMs)).toFixed(0)} s real-world`],
                ["client library (regional names)", `${libFirst.toFixed(0)} ms`, `${(libFirst / (real(dnsFirst) * 1000)).toFixed(5)}x`,
                    `${sum(lib, r => r.failedCalls)} of ${sum(lib, r => r.calls)}`, String(sum(lib, r => r.duplicates)), String(sum(lib, r => r.missing)),
                    `${(m(lib, r => r.backAfterRecoveryMs) / 1000).toFixed(1)} s`],
            ],
        );
        const markdown = [
            "### Failover seen by a client (local platform)",
            "",
            `${runs} outage${runs > 1 ? "s" : ""} of eu-west-1 per client (medians of times, sums of counts), dev stack (${hc.intervalSeconds} s x ${hc.failureThreshold} health checks, 60 s TTL),`,
            `front door on a ${1 / TIME_SCALE}x faster clock (\`timeScale\` ${TIME_SCALE}); a steady client at ${RATE} calls/s, half \`GET /items\`, half \`POST /items\`,`,
            `preferring eu-west-1, which fails 1000 ms in and recovers ${outageMs} ms later. Both clients are the same PlatformClient`,
            "(same timeouts, retries and budget); the DNS-only one knows only the latency name. \"Back after recovery\": until a create is served by eu-west-1",
            "again (the library's breaker closes on a /health probe: after 1, 2, 4 ... s while the region stays down).",
            "",
            table,
            "",
            "The DNS-only client's figures are Route 53's (interval x threshold + TTL, scaled back to real-world seconds); a real resolver and",
            "client caches add to them. The library's are real milliseconds on this machine: a refused connection moves the call at once;",
            "a region that black-holes connections instead costs one attempt timeout (5 s by default) on the calls in flight.",
        ].join("\n");
        const libOk = libFirst < 2000 && sum(lib, r => r.failedCalls) === 0;
        return {
            markdown,
            targets: [
                `failover: client library first success < 2 s real time with no failed call ${libOk ? "MET" : "MISSED"} (${libFirst.toFixed(0)} ms, ${sum(lib, r => r.failedCalls)} failed)`,
                `failover: duplicate creates 0 ${sum(lib, r => r.duplicates) + sum(dns, r => r.duplicates) === 0 ? "MET" : "MISSED"}`,
            ],
        };
    } finally {
        await platform.stop();
    }
}

if (require.main === module) run(process.argv.includes("--quick")).then(r => console.log(`${r.markdown}\n\n${r.targets.join("\n")}`), e => { console.error(e); process.exit(1); });
