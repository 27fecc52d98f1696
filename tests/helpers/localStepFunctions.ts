/** The local Step Functions interpreter, as the local platform loads it (Node 20 polyfill first). */
export { ExecutionError, StateMachine } from "../../local/lib/interpreter";
