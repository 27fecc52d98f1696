/** One critical section per key at a time, in arrival order (the replica serialises writes per item with it). */
export class KeyedMutex {
    private readonly tails = new Map<string, Promise<void>>();

    /** Runs `fn` once every earlier holder of `key` has finished. */
    async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        let release!: () => void;
        const mine = new Promise<void>(resolve => { release = resolve; });
        const tail = previous.then(() => mine);
        this.tails.set(key, tail);
        await previous;
        try {
            return await fn();
        } finally {
            release();
            if (this.tails.get(key) === tail) this.tails.delete(key);
        }
    }

    /** Whether someone holds or waits for `key`. */
    busy(key: string): boolean {
        return this.tails.has(key);
    }
}
