// Types for proxy-from-env 2 (ships none): the proxy URL for a target URL from HTTP(S)_PROXY/NO_PROXY, or "".
declare module "proxy-from-env" {
  export function getProxyForUrl(url: string): string;
}
