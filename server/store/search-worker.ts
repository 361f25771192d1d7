// The search worker: runs scan jobs (search-scan.ts) off the receiver's thread, replying to the
// thread that started it.
import { parentPort } from "node:worker_threads";
import type { ScanJob, ScanReply } from "./search.ts";
import { runJob } from "./search-scan.ts";

const port = parentPort;
port?.on("message", (job: ScanJob) => runJob(job, (reply: ScanReply) => port.postMessage(reply)));
