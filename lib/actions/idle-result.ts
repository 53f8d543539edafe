// The result a form shows before its server action has answered. Apart from action-result.ts,
// which is server-only, so that client components can import it.
import type { ActionResult } from "./action-result";

export const IDLE: ActionResult<null> = { ok: true, data: null };
