// Authenticode signing with osslsigncode and a self-signed code-signing certificate made for the test.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { msiFile, windowsExe } from "../test/dist-files.js";
import { run } from "./run.js";
import { signFile, signingFromEnv, verifySignature } from "./sign.js";

let dir: string;
let cert: string;
let key: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ward-sign-"));
  cert = join(dir, "cert.pem");
  key = join(dir, "key.pem");
  const conf = join(dir, "openssl.cnf");
  writeFileSync(
    conf,
    "[req]\ndistinguished_name=dn\nprompt=no\nx509_extensions=ext\n[dn]\nCN=Ward test code signing\nO=Ward\n" +
      "[ext]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n",
  );
  run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "rsa:3072",
    "-nodes",
    "-days",
    "2",
    "-config",
    conf,
    "-keyout",
    key,
    "-out",
    cert,
  ]);
});

describe("signingFromEnv", () => {
  it("needs a certificate and key, or a PKCS#12 file", () => {
    expect(signingFromEnv({})).toBeUndefined();
    expect(signingFromEnv({ WARD_SIGN_CERT: "c.pem" })).toBeUndefined();
    expect(signingFromEnv({ WARD_SIGN_CERT: "c.pem", WARD_SIGN_KEY: "k.pem" })).toMatchObject({
      cert: "c.pem",
      key: "k.pem",
    });
    expect(signingFromEnv({ WARD_SIGN_PKCS12: "s.p12", WARD_SIGN_PASSWORD: "pw" })).toMatchObject({
      pkcs12: "s.p12",
      password: "pw",
    });
  });
});

describe.each([
  ["ward-win-x64.exe", windowsExe],
  ["ward-agent.msi", msiFile],
])("Authenticode on %s", (name, source) => {
  it("signs, verifies against the certificate, and detects tampering", () => {
    const file = join(dir, name);
    copyFileSync(source(), file);
    signFile(file, { cert, key }, "Ward agent");
    const report = verifySignature(file, cert);
    expect(report).toMatch(/Signature verification: ok/);
    expect(report).toMatch(/Ward test code signing/);

    const other = join(dir, `other-${name}`);
    copyFileSync(file, other);
    // Flip one byte well inside the signed content.
    const fd = run("sh", ["-c", `printf 'X' | dd of="${other}" bs=1 seek=70000 conv=notrunc 2>/dev/null`]);
    expect(fd.status).toBe(0);
    const bad = run("osslsigncode", ["verify", "-CAfile", cert, "-in", other], { okCodes: [0, 1, 255] });
    expect(bad.status).not.toBe(0);
    expect(`${bad.stdout}${bad.stderr}`).toMatch(/mismatch|failed/i);
  });
});
