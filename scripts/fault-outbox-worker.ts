// A bare outbox worker for `npm run fault:outbox`: the crash scenario kills this process with
// SIGKILL right after Twilio answered one of its sends. Configuration comes from the parent's
// environment.
import { processOutbox } from "@/lib/sms/outbox";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (;;) {
  if ((await processOutbox(50)) === 0) await sleep(200);
}
