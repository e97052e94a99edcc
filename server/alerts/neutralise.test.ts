// Device text cannot inject headers, markup, links or mentions in any channel.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defang, escapeHtml, oneLine, plainText, slackText, teamsText } from "./neutralise.js";

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
});
