// Test helper: parses PowerShell with a real grammar (tree-sitter-powershell's WebAssembly build, no native code).
import { createRequire } from "node:module";
import { Language, type Node, Parser } from "web-tree-sitter";

let parser: Parser | null = null;

async function powershellParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve("tree-sitter-powershell/tree-sitter-powershell.wasm");
  const p = new Parser();
  p.setLanguage(await Language.load(wasm));
  parser = p;
  return p;
}

export interface SyntaxProblem {
  line: number;
  column: number;
  /** "ERROR" (text the grammar cannot place) or "MISSING x" (a token the grammar expected, e.g. a closing quote). */
  kind: string;
  near: string;
}

/**
 * Two valid PowerShell forms tree-sitter-powershell 0.26.4 does not know, rewritten to equivalents it does before
 * parsing (neither touches a quote, so a quoting mistake still shows):
 * - an assembly-qualified type literal, [Windows.Networking.Connectivity.NetworkInformation,Windows.Networking.
 *   Connectivity,ContentType=WindowsRuntime] (how PowerShell 5.1 loads WinRT types) → [Windows.Networking...];
 * - bare words separated by commas in a command argument, `Select-Object Model,PNPDeviceID` (an array of strings in
 *   argument mode) → `Select-Object 'Model','PNPDeviceID'`.
 */
export function normaliseForGrammar(script: string): string {
  return script
    .replace(/\[([A-Za-z_][\w.]*),\s*[A-Za-z_][\w.]*,\s*ContentType\s*=\s*WindowsRuntime\]/g, "[$1]")
    .replace(/(?<=\s)[A-Za-z_]\w*(?:,\s*[A-Za-z_]\w*)+(?=\s|$|\))/g, (list) =>
      list
        .split(",")
        .map((w) => `'${w.trim()}'`)
        .join(","),
    );
}

/** Every syntax error in a script; empty when it parses. */
export async function powershellSyntaxProblems(original: string): Promise<SyntaxProblem[]> {
  const script = normaliseForGrammar(original);
  const tree = (await powershellParser()).parse(script);
  if (!tree) throw new Error("tree-sitter returned no tree");
  const problems: SyntaxProblem[] = [];
  const visit = (n: Node) => {
    if (n.isError || n.isMissing) {
      problems.push({
        line: n.startPosition.row + 1,
        column: n.startPosition.column + 1,
        kind: n.isMissing ? `MISSING ${n.type}` : "ERROR",
        near: script.slice(n.startIndex, n.startIndex + 60),
      });
      return;
    }
    if (n.hasError) for (const c of n.children) if (c) visit(c);
  };
  visit(tree.rootNode);
  tree.delete();
  return problems;
}
