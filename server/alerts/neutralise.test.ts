// Device text cannot inject headers, markup, links or mentions in any channel.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cutSlack, defang, escapeHtml, oneLine, plainText, slackText, teamsText } from "./neutralise.js";

describe("neutralise", () => {
  it("keeps subjects on one line whatever the device sends", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const line = oneLine(s);
        expect(line).not.toMatch(/[\r\n\u0000-\u001f\u2028\u2029]/);
        expect(line.length).toBeLessThanOrEqual(200);
      }),
    );
    expect(oneLine("laptop\r\nBcc: x@evil.example")).toBe("laptop Bcc: x@evil.example");
  });

  it("escapes HTML so no tag or attribute survives", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"']/);
      }),
    );
    expect(escapeHtml(`<a href="x">&`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;");
  });

  it("breaks Slack mentions, links and formatting", () => {
    const out = slackText("<!channel> <@U123> <https://evil.example|bank> @here *bold* evil.example");
    expect(out).not.toMatch(/[<>]/);
    expect(out).not.toContain("@here");
    expect(out).not.toContain("*bold*");
    expect(out).toContain("evil[.]example");
  });

  it("breaks Teams links, mentions and Markdown", () => {
    const out = teamsText("[click](https://evil.example) @everyone **x**");
    expect(out).not.toContain("](");
    expect(out).not.toContain("https://");
    expect(out).not.toContain("@everyone");
    expect(out).not.toContain("**");
  });

  it("defangs hosts and URLs in plain text but leaves clause numbers and sentences", () => {
    expect(defang("see http://evil.example/x")).toBe("see http[:]//evil[.]example/x");
    expect(defang("Wellington IT Policy 4.2.4. Next sentence.")).toBe("Wellington IT Policy 4.2.4. Next sentence.");
    expect(plainText("a\r\nb\u0007")).toBe("a\nb");
  });

  it("Slack text is cut between entities and marks, never inside one", () => {
    const s = slackText(`${"&".repeat(30)}${"*".repeat(30)}<>@`);
    for (let max = 2; max < s.length; max++) {
      const cut = cutSlack(s, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut.endsWith("…")).toBe(true);
      expect(cut.slice(0, -1).replace(/&(amp|lt|gt);|\u200b[*]\u200b/g, "")).toBe("");
    }
    expect(cutSlack("short", 10)).toBe("short");
  });
});
