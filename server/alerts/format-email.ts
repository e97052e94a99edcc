// Renders an alert as an email (subject, plain text, HTML) for a role: the DSFM's plain English, or with the IT detail.
import type { AlertContent } from "./content.js";
import { defang, escapeHtml, oneLine, plainText } from "./neutralise.js";
import type { Role } from "./settings.js";

export interface EmailBody {
  subject: string;
  text: string;
  html: string;
}

/** One line, no CR/LF from device input, bounded: "[Ward] Council: headline — laptop". */
export function subjectOf(c: AlertContent): string {
  const device = c.deviceName ? ` — ${c.deviceName}` : "";
  return oneLine(`[Ward] ${c.councilName}: ${c.headline}${device}`, 200);
}

function sections(c: AlertContent, role: Role) {
  return { paragraphs: c.plain, actions: c.actions, technical: role === "it" ? c.technical : [] };
}

export function renderEmail(c: AlertContent, role: Role, reference: string): EmailBody {
  const s = sections(c, role);
  const t = (x: string) => defang(plainText(x));
  const text = [
    oneLine(c.headline, 300),
    "",
    ...s.paragraphs.flatMap((p) => [t(p), ""]),
    ...(s.actions.length ? ["What to do:", ...s.actions.map((a, i) => `${i + 1}. ${t(a)}`), ""] : []),
    ...(c.approve ?? []).flatMap((a) => [`${t(a.label)}:`, a.url, ""]),
    ...(c.link ? [`Device page: ${c.link}`, ""] : []),
    ...(s.technical.length
      ? ["Technical detail (for the IT provider):", ...s.technical.map((l) => `  ${t(l)}`), ""]
      : []),
    "--",
    `Sent by Ward for ${oneLine(c.councilName)}. Alert reference: ${reference}`,
  ].join("\n");
  const e = escapeHtml;
  const html = [
    `<!doctype html><html><body style="font-family:sans-serif;max-width:40em">`,
    `<h2>${e(c.headline)}</h2>`,
    ...s.paragraphs.map((p) => `<p style="white-space:pre-line">${e(p)}</p>`),
    ...(s.actions.length
      ? ["<p><strong>What to do:</strong></p><ol>", ...s.actions.map((a) => `<li>${e(a)}</li>`), "</ol>"]
      : []),
    ...(c.approve ?? []).map((a) => `<p><a href="${e(a.url)}">${e(a.label)}</a></p>`),
    ...(c.link ? [`<p><a href="${e(c.link)}">Open the device page</a></p>`] : []),
    ...(s.technical.length
      ? [
          '<h3>Technical detail (for the IT provider)</h3><pre style="white-space:pre-wrap">',
          s.technical.map(e).join("\n"),
          "</pre>",
        ]
      : []),
    `<hr><p style="color:#666;font-size:small">Sent by Ward for ${e(c.councilName)}. Alert reference: ${e(reference)}</p>`,
    "</body></html>",
  ].join("\n");
  return { subject: subjectOf(c), text, html };
}
