// The login, second-factor, MFA set-up and password pages (markup only).
import { type Html, html, raw } from "../html.js";
import { BASE, csrfField, flash } from "../layout.js";

export function loginForm(csrf: string, error?: string, ssoLabel?: string): Html {
  return html`${flash(error, "error")}
${
  ssoLabel
    ? html`<p class="card narrow"><a class="button" id="sso" href="${BASE}/sso/start">Sign in with ${ssoLabel}</a></p>
<p class="narrow"><small>Or, with a Ward password and authenticator code:</small></p>`
    : ""
}
<form method="post" action="${BASE}/login" class="card narrow">
  ${csrfField(csrf)}
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Continue</button>
</form>`;
}

/** The set-up: the QR code and key, and (a phone cannot scan its own screen) a link that opens the phone's app. */
export interface MfaSetup {
  svg: string;
  secret: string;
  /** The otpauth:// address the QR code holds. */
  uri: string;
}

export function mfaForm(csrf: string, setup: MfaSetup | null, error?: string): Html {
  return html`${flash(error, "error")}
${
  setup
    ? html`<div class="card narrow"><p>Your council's IT policy asks for a second factor. Scan this code with an authenticator
app (for example Microsoft Authenticator, Google Authenticator or 1Password), or type the key by hand.</p>
<figure class="qr">${raw(setup.svg)}<figcaption>Key: <code id="totp-secret">${setup.secret}</code></figcaption></figure>
<p>Setting up on a phone? A phone cannot scan its own screen: tap the button to add Ward to its authenticator app.</p>
<p><a class="button" id="totp-add" href="${setup.uri}">Add Ward to my authenticator app</a></p></div>`
    : ""
}
<form method="post" action="${BASE}/mfa" class="card narrow">
  ${csrfField(csrf)}
  <label for="code">6-digit code from your authenticator app</label>
  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required>
  <button type="submit">${setup ? "Confirm and log in" : "Log in"}</button>
</form>`;
}

export function passwordForm(csrf: string, forced: boolean, error?: string): Html {
  return html`${flash(error, "error")}
${forced ? html`<p>This was a one-time password. Choose your own.</p>` : ""}
<form method="post" action="${BASE}/password" class="card narrow">
  ${csrfField(csrf)}
  ${
    forced
      ? ""
      : html`<label for="current">Current password</label>
  <input id="current" name="current" type="password" autocomplete="current-password" required>`
  }
  <label for="new-password">New password</label>
  <small id="new-password-hint">At least 12 characters; a short sentence is easy to remember.</small>
  <input id="new-password" name="password" type="password" autocomplete="new-password" minlength="12" required aria-describedby="new-password-hint">
  <label for="repeat">New password again</label>
  <input id="repeat" name="repeat" type="password" autocomplete="new-password" minlength="12" required>
  <button type="submit">Save password</button>
</form>`;
}
