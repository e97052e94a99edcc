// The OpenID Connect relying party, on openid-client (OpenID-certified): discovery, authorization code with PKCE
// (S256), state and nonce; openid-client checks the ID token's signature, issuer, audience, expiry and nonce.
import * as client from "openid-client";
import type { SsoSettings } from "./settings.js";

export interface SsoStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SsoClient {
  start(): Promise<SsoStart>;
  /** Exchanges the code in the callback's query for tokens and returns the ID token's verified claims. */
  finish(
    query: string,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<Record<string, unknown>>;
}

export function createSsoClient(settings: SsoSettings): SsoClient {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        client.ClientSecretPost(settings.clientSecret),
        {
          ...(settings.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : {}),
          timeout: 10,
        },
      )
      .catch((err: unknown) => {
        // Not cached: the next sign-in tries again (the identity provider may have been briefly unreachable).
        discovered = undefined;
        throw err;
      });
    return discovered;
  };

  return {
    async start() {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: "openid email profile",
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: "S256",
        state,
        nonce,
      });
      return { url, state, nonce, codeVerifier };
    },
    async finish(query, checks) {
      const config = await configuration();
      // The callback URL is rebuilt from the configured redirect URL, never from the request's Host header.
      const current = new URL(settings.redirectUrl);
      current.search = query;
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error("no ID token in the token response");
      return { ...claims };
    },
  };
}
