/**
 * A replica's stream: DynamoDB Streams records (view type NEW_AND_OLD_IMAGES) for every change of an
 * item in that replica, whether written there or arriving by replication, as global tables emit
 * them. Subscribers (the conflict detector, tests) get records in order; the last records are kept
 * for inspection through the control API.
 */
import { randomBytes } from "node:crypto";
import type { Image } from "./backend";

/** A DynamoDB Streams record, as a Lambda event source mapping delivers it. */
export interface StreamRecord {
    readonly eventID: string;
    readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
    readonly eventVersion: "1.1";
    readonly eventSource: "aws:dynamodb";
    readonly awsRegion: string;
    readonly dynamodb: {
        readonly ApproximateCreationDateTime: number;
        readonly Keys: Image;
        readonly NewImage?: Image;
        readonly OldImage?: Image;
        readonly SequenceNumber: string;
        readonly SizeBytes: number;
        readonly StreamViewType: "NEW_AND_OLD_IMAGES";
    };
    readonly eventSourceARN: string;
}

/** Where a change came from: not part of the AWS record, given to local subscribers beside it. */
export interface ChangeOrigin {
    /** Region whose client wrote the change. */
    readonly writerRegion: string;
    /** True when the change arrived in this replica by replication. */
    readonly replicated: boolean;
    /** The write's global-tables timestamp (ms), which last-writer-wins compares. */
    readonly writeTimestamp: number;
}

export type StreamListener = (record: StreamRecord, origin: ChangeOrigin) => void;

/** How many records a stream keeps for inspection. */
const RETAINED = 10_000;

export class ReplicaStream {
    private readonly listeners = new Set<StreamListener>();
    private readonly retained: Array<{ record: StreamRecord; origin: ChangeOrigin }> = [];
    private sequence = 100_000_000_000_000_000_000n;

    constructor(readonly region: string, readonly arn: string) {}

    /** Calls `listener` for every later record; returns the unsubscribe function. */
    subscribe(listener: StreamListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** Records a change of one item (nothing when old and new are both absent). */
    emit(keys: Image, oldImage: Image | undefined, newImage: Image | undefined, origin: ChangeOrigin): StreamRecord | undefined {
        if (!oldImage && !newImage) return undefined;
        this.sequence += 1n;
        const record: StreamRecord = {
            eventID: randomBytes(16).toString("hex"),
            eventName: !oldImage ? "INSERT" : !newImage ? "REMOVE" : "MODIFY",
            eventVersion: "1.1",
            eventSource: "aws:dynamodb",
            awsRegion: this.region,
            dynamodb: {
                ApproximateCreationDateTime: Math.floor(origin.writeTimestamp / 1000),
                Keys: keys,
                ...(newImage ? { NewImage: newImage } : {}),
                ...(oldImage ? { OldImage: oldImage } : {}),
                SequenceNumber: this.sequence.toString(),
                SizeBytes: Buffer.byteLength(JSON.stringify({ keys, newImage, oldImage })),
                StreamViewType: "NEW_AND_OLD_IMAGES",
            },
            eventSourceARN: this.arn,
        };
        this.retained.push({ record, origin });
        if (this.retained.length > RETAINED) this.retained.shift();
        for (const listener of this.listeners) {
            try {
                listener(record, origin);
            } catch {
                // A subscriber's failure is its own; the stream goes on.
            }
        }
        return record;
    }

    /** Retained records, oldest first. */
    records(): ReadonlyArray<{ record: StreamRecord; origin: ChangeOrigin }> {
        return this.retained;
    }
}
