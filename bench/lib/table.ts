/** Renders rows as a Markdown table (also readable in a terminal). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
    const cells = [headers, ...rows.map(r => r.map(String))];
    const widths = headers.map((_, i) => Math.max(...cells.map(r => (r[i] ?? "").length)));
    const line = (r: readonly string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(cells[0]), `| ${widths.map(w => "-".repeat(w)).join(" | ")} |`, ...cells.slice(1).map(line)].join("\n");
}

/** Median of numbers. */
export function median(xs: readonly number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The p-th percentile (0-100), nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Fixed decimals. */
export function fmt(n: number, digits = 1): string {
    return n.toFixed(digits);
}
