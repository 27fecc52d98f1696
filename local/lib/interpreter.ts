/**
 * aws-local-stepfunctions declares Node >= 22 and uses `Promise.withResolvers` (Node 22+); on
 * Node 20 this polyfill comes first. Import the interpreter from here, never directly.
 */
const P = Promise as unknown as { withResolvers?: () => unknown };
P.withResolvers ??= () => {
    let resolve!: (v: unknown) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { StateMachine, ExecutionError } = require("aws-local-stepfunctions") as typeof import("aws-local-stepfunctions");
