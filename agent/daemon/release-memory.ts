// After a cycle the agent sleeps for minutes: one full garbage collection returns the cycle's garbage to the OS.
/**
 * `gc` exists only when V8 runs with --expose-gc, which the shipped executable sets (installers/lib/sea.ts); under
 * tsx or tests it is absent and this does nothing. A major GC of the agent's small heap takes a few milliseconds.
 */
export function releaseMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === "function") gc();
}
