// POSTs one webhook body with a timeout and an Idempotency-Key header; errors name the webhook, never its URL.
import { PermanentSendError } from "./transport-email.js";

export interface WebhookSend {
  name: string;
  url: string;
  body: Record<string, unknown>;
  reference: string;
  timeoutMs: number;
}

export async function sendWebhook(s: WebhookSend): Promise<void> {
  let res: Response;
  try {
    res = await fetch(s.url, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": s.reference, "user-agent": "ward-collector" },
      body: JSON.stringify(s.body),
      signal: AbortSignal.timeout(s.timeoutMs),
      redirect: "error",
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: unknown } }).cause;
    const why = typeof cause?.code === "string" ? cause.code : err instanceof Error ? err.name : "error";
    throw new Error(`webhook ${s.name}: request failed (${why})`);
  }
  await res.body?.cancel().catch(() => {});
  if (res.ok) return;
  const msg = `webhook ${s.name}: HTTP ${res.status}`;
  // 408 and 429 and 5xx may pass later; other 4xx (a deleted Slack or Teams webhook) will not.
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
    throw new PermanentSendError(msg);
  throw new Error(msg);
}
