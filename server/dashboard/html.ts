// Templates that escape by default: every interpolation is escaped unless it is already Html (from html`` or raw()).
import { markBidi } from "../alerts/neutralise.js";

const MARK = Symbol("ward.html");

export interface Html {
  readonly [MARK]: true;
  readonly text: string;
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Escapes markup, and shows bidi and invisible format characters as their codes (device text cannot reorder a page). */
export function escapeHtml(s: string): string {
  return markBidi(s).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/** Marks text as already-safe HTML. Only for markup Ward itself generated (e.g. a QR code SVG), never device text. */
export function raw(text: string): Html {
  return { [MARK]: true, text };
}

export function isHtml(v: unknown): v is Html {
  return typeof v === "object" && v !== null && (v as { [MARK]?: unknown })[MARK] === true;
}

function render(v: Part): string {
  if (v === null || v === undefined || v === false) return "";
  if (Array.isArray(v)) return v.map((x: Part) => render(x)).join("");
  if (isHtml(v)) return v.text;
  return escapeHtml(String(v));
}

/** html`<p>${name}</p>`: strings, numbers and arrays are escaped; nested html`` fragments are kept as they are. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? "");
  return raw(out);
}
