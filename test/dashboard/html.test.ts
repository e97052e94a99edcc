// The template helper escapes every interpolation unless it is Html; CSV cells are quoted and formula-safe.
import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "../../server/dashboard/csv.js";
import { escapeHtml, html, raw } from "../../server/dashboard/html.js";
import { statusBadge } from "../../server/dashboard/layout.js";

describe("html``", () => {
  it("escapes strings, numbers and arrays, and keeps nested fragments", () => {
    const name = `<img src=x onerror=alert(1)>`;
    const out = html`<p title="${name}">${name} ${[`<b>`, html`<i>ok</i>`]} ${42}</p>`.text;
    expect(out).toBe(
      `<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;<i>ok</i> 42</p>`,
    );
  });
  it("escapes quotes of every kind so attributes cannot be broken out of", () => {
    expect(escapeHtml(`"'\`&`)).toBe("&quot;&#39;&#96;&amp;");
  });
  it("renders null, undefined and false as nothing, and raw() as it is", () => {
    expect(html`${null}${undefined}${false}${raw("<svg></svg>")}`.text).toBe("<svg></svg>");
  });
  it("does not take a plain object that looks like Html as safe", () => {
    const fake = { text: "<script>" } as unknown as string;
    expect(html`${fake}`.text).toBe("[object Object]");
  });
  it("shows every status as a symbol and a word", () => {
    expect(statusBadge("fail").text).toContain("Fail");
    expect(statusBadge("waived").text).toContain("Waived");
    expect(statusBadge("<x>").text).toContain("&lt;x&gt;");
  });
});

describe("CSV", () => {
  it("quotes every cell and doubles quotes", () => {
    expect(csvLine(["a", 'b"c', null, 3])).toBe('"a","b""c","","3"\r\n');
  });
  it("makes formulas inert", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1")).toBe(`"'+1"`);
    expect(csvCell("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
    expect(csvCell("-2")).toBe(`"'-2"`);
  });
});
