// sharp (libvips) is loaded on the first image, so processes that never see one (delivery
// workers, most tests) do not pay for loading it.
let loaded: Promise<typeof import('sharp')> | null = null;
const loadSharp = () => (loaded ??= import('sharp')).then((m) => m.default);

/** Larger images are refused before they are decoded (a small file can hold a huge image). */
const MAX_INPUT_PIXELS = 100_000_000;

/** What sharp reads and thumbnails here; other image types are stored as plain files. */
export const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/tiff']);

export interface ImageFacts {
  /** As displayed: EXIF orientation applied. */
  width: number;
  height: number;
  /** A WebP that fits in `px` × `px`, never larger than the original. */
  thumbnail: Buffer;
}

/** Reads an image's size and makes its thumbnail; null when the bytes do not decode. */
export async function describeImage(bytes: Uint8Array, px: number): Promise<ImageFacts | null> {
  const sharp = await loadSharp();
  try {
    const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' as const };
    const metadata = await sharp(bytes, options).metadata();
    const thumbnail = await sharp(bytes, options)
      .autoOrient()
      .resize({ width: px, height: px, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { width: metadata.autoOrient.width, height: metadata.autoOrient.height, thumbnail };
  } catch {
    return null;
  }
}
