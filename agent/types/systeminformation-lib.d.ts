// Types for the two systeminformation modules the inventory loads by path (the package types only its index).
declare module "systeminformation/lib/osinfo.js" {
  import type { Systeminformation } from "systeminformation";
  export function osInfo(): Promise<Systeminformation.OsData>;
}
declare module "systeminformation/lib/system.js" {
  import type { Systeminformation } from "systeminformation";
  export function system(): Promise<Systeminformation.SystemData>;
}
