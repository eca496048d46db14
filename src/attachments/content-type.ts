// file-type is loaded on the first upload.
let loaded: Promise<typeof import('file-type')> | null = null;

// What an upload is, decided from its bytes (file-type reads the magic numbers). The name and
// the type a client declares are never trusted: they only have to agree with the bytes.

/** Other spellings of the same type, as browsers and operating systems declare them. */
const ALIASES: Record<string, string> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'application/x-zip-compressed': 'application/zip',
  'application/x-pdf': 'application/pdf',
};

/** Declared types that say "I do not know": the bytes decide alone. */
const UNKNOWN = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

/** Declared types of text that is stored and served as text/plain. */
const TEXTUAL = /^(text\/[a-z0-9.+-]+|application\/(json|xml|csv|x-ndjson))$/;

export function normalizeType(type: string): string {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text is what file-type cannot name: valid UTF-8 without NUL or other binary control bytes. */
function isPlainText(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
  }
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The type the bytes are, or null when they are nothing we can name. */
export async function detectContentType(bytes: Uint8Array): Promise<string | null> {
  const { fileTypeFromBuffer } = await (loaded ??= import('file-type'));
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) return normalizeType(detected.mime);
  return isPlainText(bytes) ? 'text/plain' : null;
}

/** Whether a client's declared type agrees with the detected one. */
export function declaredTypeMatches(declared: string, detected: string): boolean {
  const type = normalizeType(declared);
  if (UNKNOWN.has(type) || type === detected) return true;
  return detected === 'text/plain' && TEXTUAL.test(type);
}
