// The screen-lock facts the agent collects, typed from the shared schema (shared/controls/screen-lock.ts).
import type { z } from "zod";
import type {
  LockMechanism,
  LockMechanismState,
  ScreenLockCollected,
  SessionState as SessionStateSchema,
  UserLock as UserLockSchema,
} from "../../../shared/controls/screen-lock.js";

export type MechanismState = z.infer<typeof LockMechanismState>;
export type Mechanism = z.infer<typeof LockMechanism>;
export type UserLock = z.infer<typeof UserLockSchema>;
export type SessionState = z.infer<typeof SessionStateSchema>;
export type ScreenLockFacts = z.infer<typeof ScreenLockCollected>;
export const mechanism = (
  id: string,
  label: string,
  state: MechanismState,
  seconds: number | null,
  detail: string,
): Mechanism => ({ id, label, state, seconds, detail });
