// Renders an alert as a webhook body: generic JSON, a Slack message (mrkdwn blocks), or a Teams Adaptive Card.
import { type AlertContent, clauseText } from "./content.js";
import { subjectOf } from "./format-email.js";
import { cutSlack, plainText, slackText, teamsText } from "./neutralise.js";
import type { Role, Webhook } from "./settings.js";
import { WEBHOOK_SCHEMA_V1, WebhookPayloadV1 } from "./webhook-schema.js";

type Json = Record<string, unknown>;

/**
 * A Slack mrkdwn link: `<url|label>`. The URL is ours (public URL + path + base64url token); anything in it that would
 * end the link (`|`, `>`) or break it (`<`, spaces) is percent-encoded, and `&` is written as Slack's `&amp;`.
 */
function slackLink(url: string, label: string): string {
  const safe = url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c)).replace(/&/g, "&amp;");
  return `<${safe}|${label}>`;
}

/** Slack refuses a whole message whose section text is over 3,000 characters (Block Kit reference, section block). */
const SLACK_SECTION_MAX = 3000;

const slackSection = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

/** The one-tap approve links an unapproved-stick alert carries, as the DSFM reads them in each channel. */
const APPROVE_BUTTON = "Approve…";

export function renderWebhook(
  c: AlertContent,
  role: Role,
  format: Webhook["format"],
  reference: string,
  councilId: string,
): Json {
  const technical = role === "it" ? c.technical : [];
  switch (format) {
    case "json":
      // Parsed with the published schema: a body that drifted from the contract fails here, in tests, not at a bridge.
      return WebhookPayloadV1.parse({
        schema: WEBHOOK_SCHEMA_V1,
        idempotencyKey: reference,
        kind: c.kind,
        resolves: c.resolves,
        rule: c.rule,
        councilId,
        council: c.councilName,
        device: c.deviceId
          ? { id: c.deviceId, name: c.deviceName === null ? null : plainText(c.deviceName, 300) }
          : null,
        subject: subjectOf(c),
        headline: c.headline,
        clause: c.kind === "alert" ? clauseText(c.clause) : null,
        plain: c.plain.map((p) => plainText(p)),
        actions: c.actions.map((a) => plainText(a)),
        technical: technical.map((l) => plainText(l)),
        link: c.link,
        approve: (c.approve ?? []).map((a) => ({ label: plainText(a.label, 600), url: a.url })),
        occurredAt: c.occurredAt,
      });
    case "slack": {
      const body = [
        ...c.plain.map(slackText),
        ...(c.actions.length ? ["*What to do:*", ...c.actions.map((a, i) => `${i + 1}. ${slackText(a)}`)] : []),
        ...(technical.length ? ["*Technical detail:*", ...technical.map((l) => `• ${slackText(l)}`)] : []),
      ].join("\n");
      const title = slackText(subjectOf(c));
      // Links in sections of their own (the device page, each stick's approve link), so a long body cut at Slack's
      // limit never cuts a link; a stick's label is cut to leave room for its link, never the link itself.
      const device = c.link ? [slackSection(slackLink(c.link, "Open the device page"))] : [];
      const approve = (c.approve ?? []).flatMap((a) => {
        const link = slackLink(a.url, APPROVE_BUTTON);
        const room = SLACK_SECTION_MAX - link.length - 2;
        return room < 40 ? [] : [slackSection(`${cutSlack(slackText(a.label), room)}:\n${link}`)];
      });
      return {
        text: title,
        blocks: [
          slackSection(`*${cutSlack(title, SLACK_SECTION_MAX - 2)}*`),
          ...(body ? [slackSection(cutSlack(body, SLACK_SECTION_MAX))] : []),
          ...device,
          ...approve,
          { type: "context", elements: [{ type: "mrkdwn", text: `Alert reference ${reference}` }] },
        ],
      };
    }
    case "teams": {
      const block = (text: string, extra: Json = {}) => ({ type: "TextBlock", text, wrap: true, ...extra });
      const body = [
        block(teamsText(subjectOf(c)), { weight: "Bolder", size: "Medium" }),
        ...c.plain.map((p) => block(teamsText(p))),
        ...(c.actions.length
          ? [block("What to do:", { weight: "Bolder" }), ...c.actions.map((a, i) => block(`${i + 1}. ${teamsText(a)}`))]
          : []),
        // Each stick's label (device text, made inert) with its own button: one tap opens the confirm page.
        ...(c.approve ?? []).flatMap((a) => [
          block(teamsText(a.label)),
          { type: "ActionSet", actions: [{ type: "Action.OpenUrl", title: APPROVE_BUTTON, url: a.url }] },
        ]),
        ...(technical.length
          ? [
              block("Technical detail:", { weight: "Bolder" }),
              block(technical.map(teamsText).join("\n\n"), { fontType: "Monospace" }),
            ]
          : []),
        block(`Alert reference ${reference}`, { isSubtle: true, size: "Small" }),
      ];
      return {
        type: "message",
        summary: teamsText(subjectOf(c)),
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: {
              $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
              type: "AdaptiveCard",
              version: "1.4",
              body,
              actions: c.link ? [{ type: "Action.OpenUrl", title: "Open the device page", url: c.link }] : [],
            },
          },
        ],
      };
    }
  }
}
