// What a keyword is printed with: the call to action with its disclosures (see
// callToAction), and a QR code that opens the phone's SMS app with the keyword filled in
// (an sms: URI, RFC 5724; `?body=` is read by current iOS and Android messaging apps).
import QRCode from "qrcode";

/** sms:+15005550006?body=COFFEE, or null when the sender has no number (a messaging service). */
export function keywordSmsUri(sender: string, keyword: string): string | null {
  if (!/^\+[1-9]\d{5,15}$/.test(sender)) return null;
  return `sms:${sender}?body=${encodeURIComponent(keyword)}`;
}

/** The QR code of an sms: URI as an SVG document (pure JS, no canvas). */
export function qrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
}
