// Picks a control's collect function for the OS the context is on.
import type { OsPlatform } from "../../../shared/schemas/control.js";
import type { CollectContext } from "./check.js";

export function perOs<F>(collectors: Record<OsPlatform, (ctx: CollectContext) => Promise<F>>) {
  return (ctx: CollectContext): Promise<F> => collectors[ctx.os](ctx);
}
