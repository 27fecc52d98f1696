/**
 * A Lambda event source mapping on a replica's stream, as the conflict detector's is configured
 * (components/conflictDetector.ts): records filtered, batched (batch size, batching window), one
 * batch in flight at a time in stream order, `ReportBatchItemFailures` honoured (retry from the
 * first failed record), a failed invocation's batch bisected, each record retried a bounded number
 * of times, then sent to the on-failure destination (here: kept, and counted in the state).
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html
 */
import type { StreamRecord } from "./dynamodb/stream";
import type { LocalFunction } from "./lambda";

export interface MappingOptions {
    /** @default 100 */
    readonly batchSize?: number;
    /** @default 100 */
    readonly batchingWindowMs?: number;
    /** @default 5 */
    readonly maximumRetryAttempts?: number;
    readonly filter?: (record: StreamRecord) => boolean;
}

/** A record that exhausted its retries: what the on-failure destination receives (no images). */
export interface FailedRecord {
    readonly sequenceNumber: string;
    readonly keys: unknown;
    readonly attempts: number;
    readonly reason: string;
}

export class EventSourceMapping {
    private readonly queue: Array<{ record: StreamRecord; attempts: number }> = [];
    private timer?: NodeJS.Timeout;
    private running = false;
    private stopped = false;
    readonly onFailure: FailedRecord[] = [];
    invocations = 0;
    processed = 0;
    private readonly batchSize: number;
    private readonly windowMs: number;
    private readonly maxRetries: number;

    constructor(private readonly fn: LocalFunction, private readonly options: MappingOptions = {}) {
        this.batchSize = options.batchSize ?? 100;
        this.windowMs = options.batchingWindowMs ?? 100;
        this.maxRetries = options.maximumRetryAttempts ?? 5;
    }

    /** Takes a record from the stream (the subscription calls this in stream order). */
    push(record: StreamRecord): void {
        if (this.stopped || (this.options.filter && !this.options.filter(record))) return;
        this.queue.push({ record, attempts: 0 });
        this.schedule();
    }

    private schedule(): void {
        if (this.running || this.timer || !this.queue.length) return;
        const wait = this.queue.length >= this.batchSize ? 0 : this.windowMs;
        this.timer = setTimeout(() => { this.timer = undefined; void this.drain(); }, wait);
    }

    /** Invokes batches until the queue is empty, one at a time. */
    private async drain(): Promise<void> {
        if (this.running) return;
        this.running = true;
        try {
            while (this.queue.length && !this.stopped) {
                const batch = this.queue.slice(0, this.batchSize);
                await this.deliver(batch);
            }
        } finally {
            this.running = false;
            this.schedule();
        }
    }

    /** Delivers `batch` (the head of the queue) and removes what succeeded or gave up. */
    private async deliver(batch: Array<{ record: StreamRecord; attempts: number }>): Promise<void> {
        this.invocations++;
        const out = await this.fn.invoke({ Records: batch.map(b => b.record) });
        let failedFrom = batch.length;
        let reason = "";
        if (!out.ok) {
            reason = `${out.errorType}: ${out.errorMessage}`;
            // Bisect: a failing batch of several is split, the first half retried on its own.
            failedFrom = 0;
        } else {
            const failures: Array<{ itemIdentifier: string }> = JSON.parse(out.payload)?.batchItemFailures ?? [];
            if (failures.length) {
                const first = batch.findIndex(b => failures.some(f => f.itemIdentifier === b.record.dynamodb.SequenceNumber));
                failedFrom = first < 0 ? 0 : first;
                reason = "reported as failed";
            }
        }
        this.queue.splice(0, failedFrom);
        this.processed += failedFrom;
        if (failedFrom === batch.length) return;
        const head = this.queue[0];
        head.attempts++;
        if (head.attempts > this.maxRetries) {
            this.queue.shift();
            this.onFailure.push({ sequenceNumber: head.record.dynamodb.SequenceNumber, keys: head.record.dynamodb.Keys, attempts: head.attempts, reason });
            return;
        }
        // Back off before the retry (Lambda's retries are spaced too); a bisected retry takes half the batch.
        await new Promise(r => setTimeout(r, Math.min(1000, 50 * 2 ** head.attempts)));
        if (!out.ok && batch.length - failedFrom > 1) {
            const half = Math.ceil((batch.length - failedFrom) / 2);
            await this.deliver(this.queue.slice(0, half));
        }
    }

    /** Resolves when every pushed record is processed or given up. */
    async idle(timeoutMs = 30_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (this.queue.length || this.running || this.timer) {
            if (Date.now() > deadline) throw new Error(`The event source mapping did not drain within ${timeoutMs} ms (${this.queue.length} queued)`);
            await new Promise(r => setTimeout(r, 10));
        }
    }

    stop(): void {
        this.stopped = true;
        if (this.timer) clearTimeout(this.timer);
    }

    state() {
        return { invocations: this.invocations, processed: this.processed, queued: this.queue.length, onFailure: this.onFailure.length };
    }
}
