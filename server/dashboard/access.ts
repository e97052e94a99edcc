// Who may see and do what: provider roles see every council, council roles only their own (checked on every route).
import { AppError } from "../../shared/errors.js";
import type { Role } from "./tables.js";

export interface DashUser {
  id: string;
  email: string;
  role: Role;
  councilId: string | null;
}

export const ROLE_LABELS: Record<Role, string> = {
  "provider-admin": "Provider admin",
  "provider-technician": "Provider technician",
  "council-manager": "Council manager",
  "council-viewer": "Council viewer",
};

export function isProvider(u: DashUser): boolean {
  return u.role === "provider-admin" || u.role === "provider-technician";
}

export function canSeeCouncil(u: DashUser, councilId: string): boolean {
  return isProvider(u) || (u.councilId !== null && u.councilId === councilId);
}

/** Approve USB devices, add waivers, edit the asset register, set alert recipients. */
export function canManageCouncil(u: DashUser, councilId: string): boolean {
  return isProvider(u) || (u.role === "council-manager" && u.councilId === councilId);
}

export function canManageUsers(u: DashUser): boolean {
  return u.role === "provider-admin";
}

/** Another council's data answers 404, exactly like data that does not exist: a URL tells nothing. */
export function assertCouncil(u: DashUser, councilId: string | undefined | null): asserts councilId is string {
  if (!councilId || !canSeeCouncil(u, councilId)) throw new AppError("not_found", "There is no such page.");
}

export function assertManage(u: DashUser, councilId: string): void {
  assertCouncil(u, councilId);
  if (!canManageCouncil(u, councilId))
    throw new AppError("forbidden", "Your role cannot change this council's settings.");
}

export function assertProvider(u: DashUser): void {
  if (!isProvider(u)) throw new AppError("forbidden", "Only the IT provider can do this.");
}

export function assertUserAdmin(u: DashUser): void {
  if (!canManageUsers(u)) throw new AppError("forbidden", "Only a provider admin can manage users.");
}
