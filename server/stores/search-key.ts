// What names are searched by: a key stored beside each council name and hostname, and what a search is turned into.
import { oneLine } from "../alerts/neutralise.js";

/**
 * The text lowered by JavaScript (every script's capitals, "ÉVORA" → "évora", where SQLite's lower() lowers ASCII only
 * and PostgreSQL's depends on the database's locale), NFKC (a full-width "ＰＣ" is "pc"), with invisible, bidi and
 * control characters removed and runs of white space made one space. Stored keys and searches are made the same way.
 */
export function searchKey(text: string): string {
  return oneLine(text.normalize("NFKC"), Number.POSITIVE_INFINITY).toLowerCase().normalize("NFKC");
}

/** A LIKE pattern (with `escape '\\'`) finding a search anywhere in a stored key: % and _ stay plain characters. */
export function searchKeyPattern(search: string): string {
  return `%${searchKey(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
