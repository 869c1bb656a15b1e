// Text inside an XML document (TwiML): escaped, and without the characters XML 1.0 cannot hold
// in any form (C0 controls other than tab and line ends, U+FFFE, U+FFFF). One of them in an
// alert's summary made the whole answer unreadable to Twilio (error 12100, "Document parse
// failure"), and the person called heard "an application error has occurred" instead of the page.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export const xmlText = (s: string): string => s.replace(NOT_IN_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
