/**
 * Sorting for anything parity prints or stores: by UTF-16 code unit, never by the machine's
 * locale (`localeCompare` follows LC_ALL, so en_US and lt_LT would order the same keys
 * differently and reports would differ between machines).
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
