// Validators used by the routes. TypeScript, to show that scan parses it as such.

// @absolunet/kafe < 3.2.10 (CVE-2020-7761): an e-mail check with nested quantifiers —
// exponential on "0000000000000000000000000000000000!".
export const EMAIL: RegExp = /^\w+([\.\+-]?\w+)*@\w+([\.-]?\w+)*(\.\w{2,3})+$/;

// fast-csv < 4.3.6 (CVE-2020-26256): detecting an empty CSV row.
export const EMPTY_ROW = new RegExp(`^\\s*(?:''|"")?\\s*(?:,\\s*(?:''|"")?\\s*)*$`);

// Safe.
export const SLUG: RegExp = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

// Built at run time: not a literal, so scan does not report it.
export function matchesPrefix(prefix: string, value: string): boolean {
  return new RegExp('^' + prefix).test(value);
}
