/** Characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, surrogates, U+FFFE/FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters that XML 1.0 forbids; everything we publish must survive an XML feed. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML, "");
}
