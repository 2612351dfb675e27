/** Tells a file's kind from its first bytes (never its name): XLSX, text (with its BOM), or what else it is. */

export type Sniffed =
  | { readonly kind: 'empty' }
  | { readonly kind: 'xlsx' }
  | { readonly kind: 'text'; readonly bom: 'utf8' | 'utf16le' | 'utf16be' | null }
  /** Not something crmhub reads: `pdf`, `xls` (Excel 97–2003), `ods`, `docx`, `zip`, `binary`. */
  | { readonly kind: 'unsupported'; readonly detail: string };

const startsWith = (head: Buffer, bytes: readonly number[]): boolean => bytes.every((byte, i) => head[i] === byte);

/** Sniffs the first bytes (a few KB is enough); `complete` says the head is the whole file. */
export function sniffHead(head: Buffer, complete: boolean): Sniffed {
  if (head.length === 0) return { kind: 'empty' };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { kind: 'unsupported', detail: 'pdf' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'unsupported', detail: 'xls' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head.toString('latin1'));
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return textOrEmpty(head.subarray(3), 'utf8', complete);
  if (startsWith(head, [0xff, 0xfe])) return textOrEmpty(head.subarray(2), 'utf16le', complete);
  if (startsWith(head, [0xfe, 0xff])) return textOrEmpty(head.subarray(2), 'utf16be', complete);
  // Text never holds NUL bytes or most other control characters; images, archives and executables do.
  const sample = head.subarray(0, 8192);
  const control = sample.filter((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1a)).length;
  if (sample.includes(0) || control > sample.length / 100) return { kind: 'unsupported', detail: 'binary' };
  return textOrEmpty(head, null, complete);
}

function textOrEmpty(rest: Buffer, bom: 'utf8' | 'utf16le' | 'utf16be' | null, complete: boolean): Sniffed {
  // Only blanks (and the NUL halves of UTF-16 blanks), or Excel's empty-row separators, in the whole file: empty.
  const blank = rest.every((byte) => [0x20, 0x09, 0x0a, 0x0d, 0x00, 0x2c, 0x3b].includes(byte));
  return blank && complete ? { kind: 'empty' } : { kind: 'text', bom };
}

/** XLSX is a ZIP with an `xl/` folder; OpenDocument and Word files are ZIPs too. */
function sniffZip(text: string): Sniffed {
  if (text.includes('mimetypeapplication/vnd.oasis.opendocument')) return { kind: 'unsupported', detail: 'ods' };
  if (text.includes('xl/') || text.includes('[Content_Types].xml')) {
    return text.includes('word/') && !text.includes('xl/') ? { kind: 'unsupported', detail: 'docx' } : { kind: 'xlsx' };
  }
  return { kind: 'unsupported', detail: 'zip' };
}
