/**
 * "Did you mean" hints: the stack config validation (config.ts) and the command-line parser
 * (scripts/lib/cli.ts) both suggest the name a typo most likely meant. No imports.
 */

/** Levenshtein edit distance between `a` and `b`. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}

/** The candidate `name` most likely meant (case/whitespace variant or a typo of at most 2 edits), if any. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
    const norm = name.trim().toLowerCase();
    const exact = candidates.find(c => c.toLowerCase() === norm);
    if (exact) return exact;
    const ranked = candidates.map(c => ({ c, d: editDistance(norm, c.toLowerCase()) })).sort((x, y) => x.d - y.d);
    return ranked[0] && ranked[0].d <= 2 ? ranked[0].c : undefined;
}
