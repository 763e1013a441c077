/**
 * Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, surrogates, U+FFFE/FFFF), and
 * those it discourages and validators flag (DEL and C1 controls, U+FFFD, U+FDD0–U+FDEF).
 */
const NOT_XML = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFFC\u{10000}-\u{10FFFF}]/gu;

/** Removes characters that XML 1.0 forbids or discourages; everything we publish must survive an XML feed. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, "");
}
