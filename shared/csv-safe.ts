/**
 * CSV cells a spreadsheet would run as a formula are neutralised the way
 * OWASP recommends ("CSV injection"): a cell that begins with =, +, -, @,
 * tab or carriage return gets a leading single quote, so it shows as text.
 * Pure, so the window and core write their CSV files by the same rule.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCsvCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
