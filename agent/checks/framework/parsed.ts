// The result of a pure parser: a value, or why the text could not be understood (which makes the check `unknown`).

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const unparsed = <T = never>(error: string): Parsed<T> => ({ ok: false, error });
