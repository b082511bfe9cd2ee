//! Reads one local image safely: a size cap before reading, the format guessed from the bytes,
//! decoding limits, and every failure a message rather than a panic.

use std::io::{Cursor, Read};
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::embedded::Blocks;
use crate::budget::Deadline;
use crate::types::Thumbnail;

/// Files larger than this are not read at all (news photos are a few MB).
pub const MAX_FILE_BYTES: u64 = 32 << 20;
/// The widest or tallest image decoded; larger headers are decompression bombs or posters.
pub const MAX_SIDE: u32 = 20_000;
/// The most pixels decoded (a large camera frame is ~50 megapixels): a tiny file may declare a
/// huge canvas, and converting and hashing it would stall the scan.
pub const MAX_PIXELS: u64 = 50_000_000;
/// The most memory one decode may allocate.
pub const MAX_ALLOC: u64 = 256 << 20;
/// The longest side of a report's thumbnail, in pixels: a card's picture, a few kilobytes.
pub const THUMBNAIL_SIDE: u32 = 240;
/// The JPEG quality of a thumbnail: small files, no visible blocks at card size.
const THUMBNAIL_QUALITY: u8 = 70;

/// Why an image file cannot be read: the words shown as the photo's error.
#[derive(Debug, thiserror::Error)]
pub enum ImageReadError {
    /// A file of no bytes.
    #[error("empty image file")]
    Empty,
    /// The file cannot be opened.
    #[error("cannot open image: {0}")]
    Open(#[source] std::io::Error),
    /// The file cannot be read.
    #[error("cannot read image: {0}")]
    Read(#[source] std::io::Error),
    /// Over [`MAX_FILE_BYTES`]: not read.
    #[error(
        "image file too large ({len} bytes; the limit is {} MB)",
        MAX_FILE_BYTES >> 20
    )]
    TooLarge {
        /// The file's size in bytes.
        len: u64,
    },
    /// No decoder knows the format.
    #[error("not an image in a supported format (JPEG, PNG, WebP, GIF)")]
    Format,
    /// Over [`MAX_PIXELS`]: not decoded.
    #[error(
        "image too large to decode ({width}×{height} pixels; the limit is {} megapixels)",
        MAX_PIXELS / 1_000_000
    )]
    Pixels {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The decoder's limits refused it.
    #[error(
        "image refused by the decoding limits ({MAX_SIDE} px a side, {mb} MB): {0}",
        mb = MAX_ALLOC >> 20
    )]
    Limits(#[source] image::error::LimitError),
    /// The data ends early.
    #[error("truncated image file")]
    Truncated(#[source] std::io::Error),
    /// A JPEG without its end-of-image marker (the decoder fills the rest with grey).
    #[error("truncated image file (the JPEG ends before its end-of-image marker)")]
    JpegTruncated,
    /// Anything else the decoder rejects.
    #[error("damaged image file: {0}")]
    Damaged(#[source] image::ImageError),
}

/// What reading an image file gave.
#[derive(Debug, Clone, Default)]
pub struct ImageFile {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The metadata blocks (none are read for decorative images).
    pub blocks: Blocks,
    /// The perceptual hash, for finding the same picture on other pages; none for
    /// decorative images.
    pub hash: Option<image_hasher::ImageHash>,
    /// A small copy for the HTML report, when one was asked for (never for decorative images).
    pub thumbnail: Option<Thumbnail>,
}

/// Reads dimensions and metadata blocks, then decodes the pixels under the limits so that a
/// truncated or corrupt file is found out. `with_metadata` is false for images too small to
/// matter once their size is known, decided by `wants_metadata`.
pub fn read(
    path: &Path,
    wants_metadata: impl Fn(u32, u32) -> bool,
) -> Result<ImageFile, ImageReadError> {
    read_with(path, wants_metadata, None)
}

/// `read`, also making a thumbnail when `thumbnail` gives a deadline that has not passed once
/// the pixels are decoded (a thumbnail is for show: out of time, there is none).
pub fn read_with(
    path: &Path,
    wants_metadata: impl Fn(u32, u32) -> bool,
    thumbnail: Option<&Deadline>,
) -> Result<ImageFile, ImageReadError> {
    let bytes = read_capped(path)?;
    read_bytes_with(&bytes, wants_metadata, thumbnail)
}

/// `read` on bytes already in memory.
pub fn read_bytes(
    bytes: &[u8],
    wants_metadata: impl Fn(u32, u32) -> bool,
) -> Result<ImageFile, ImageReadError> {
    read_bytes_with(bytes, wants_metadata, None)
}

/// `read_with` on bytes already in memory.
pub fn read_bytes_with(
    bytes: &[u8],
    wants_metadata: impl Fn(u32, u32) -> bool,
    thumbnail: Option<&Deadline>,
) -> Result<ImageFile, ImageReadError> {
    if bytes.is_empty() {
        return Err(ImageReadError::Empty);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(ImageReadError::Read)?;
    let format = reader.format();
    if format.is_none() {
        return Err(ImageReadError::Format);
    }
    let mut reader = reader;
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(describe)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageReadError::Pixels { width, height });
    }
    let mut blocks = Blocks::default();
    let photo = wants_metadata(width, height);
    if photo {
        // A damaged metadata block is not a damaged picture: keep going without it.
        blocks.exif = decoder.exif_metadata().ok().flatten();
        blocks.xmp = decoder.xmp_metadata().ok().flatten();
        blocks.iptc = decoder.iptc_metadata().ok().flatten();
    }
    // Decoding the pixels is what finds a damaged file; the limits bound its memory.
    let pixels = image::DynamicImage::from_decoder(decoder).map_err(describe)?;
    // The JPEG decoder fills a cut-off scan with grey instead of failing: look for the end.
    if format == Some(image::ImageFormat::Jpeg) && jpeg_truncated(bytes) {
        return Err(ImageReadError::JpegTruncated);
    }
    // A gradient hash survives re-encoding and resizing; 64 bits keep comparisons cheap.
    let hash = photo.then(|| {
        image_hasher::HasherConfig::new()
            .to_hasher()
            .hash_image(&pixels)
    });
    let thumbnail = thumbnail
        .filter(|d| photo && d.check("making a thumbnail").is_ok())
        .and_then(|_| make_thumbnail(&pixels));
    Ok(ImageFile {
        width,
        height,
        blocks,
        hash,
        thumbnail,
    })
}

/// The picture scaled down to fit `THUMBNAIL_SIDE` (never up), as a JPEG, or a PNG when it has
/// transparency; `None` if encoding fails (the report then shows no picture, nothing else
/// changes).
pub fn make_thumbnail(pixels: &DynamicImage) -> Option<Thumbnail> {
    let small = if pixels.width() > THUMBNAIL_SIDE || pixels.height() > THUMBNAIL_SIDE {
        // Each source pixel counts once: fast on a 50-megapixel frame, smooth enough at card size.
        pixels.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
    } else {
        pixels.clone()
    };
    let mut out = Cursor::new(Vec::new());
    let mime = if small.color().has_alpha() {
        small
            .to_rgba8()
            .write_to(&mut out, image::ImageFormat::Png)
            .ok()?;
        "image/png"
    } else {
        let rgb = small.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, THUMBNAIL_QUALITY)
            .encode_image(&rgb)
            .ok()?;
        "image/jpeg"
    };
    Some(Thumbnail {
        mime,
        bytes: out.into_inner(),
        width: small.width(),
        height: small.height(),
    })
}

/// True when a JPEG has no end-of-image marker (FF D9) after its first scan (FF DA). Scan data
/// cannot hold FF D9 (FF bytes are stuffed), so a complete file always has one; bytes appended
/// after it (camera trailers) do not matter.
fn jpeg_truncated(bytes: &[u8]) -> bool {
    let Some(sos) = bytes.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return true;
    };
    !bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9])
}

/// The decoding limits: dimensions and allocation.
fn limits() -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(MAX_ALLOC);
    l
}

/// Reads at most `MAX_FILE_BYTES` (checked before and while reading: the file may grow).
fn read_capped(path: &Path) -> Result<Vec<u8>, ImageReadError> {
    let file = std::fs::File::open(path).map_err(ImageReadError::Open)?;
    let len = file.metadata().map_err(ImageReadError::Read)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ImageReadError::TooLarge { len });
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ImageReadError::Read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImageReadError::TooLarge {
            len: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Words for a decoding failure.
fn describe(e: image::ImageError) -> ImageReadError {
    match e {
        image::ImageError::Limits(l) => ImageReadError::Limits(l),
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            ImageReadError::Truncated(io)
        }
        other => ImageReadError::Damaged(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An image of this size in `format`, encoded by `image` itself.
    fn encoded(format: image::ImageFormat, w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 100, 50, 255]));
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut out, format)
            .expect("encodes");
        out.into_inner()
    }

    #[test]
    fn thumbnails_fit_the_side_keep_the_shape_and_only_when_asked() {
        let bytes = encoded(image::ImageFormat::Png, 1200, 600);
        assert!(read_bytes(&bytes, |_, _| true).unwrap().thumbnail.is_none());
        let got = read_bytes_with(&bytes, |_, _| true, Some(&Deadline::never())).unwrap();
        let t = got.thumbnail.expect("a thumbnail");
        assert_eq!((t.width, t.height), (THUMBNAIL_SIDE, THUMBNAIL_SIDE / 2));
        // Opaque pixels in an RGBA file: still has an alpha channel, so PNG.
        assert_eq!(t.mime, "image/png");
        let back = image::load_from_memory(&t.bytes).expect("decodes");
        assert_eq!(back.width(), THUMBNAIL_SIDE);
        // A decorative image gets none; a JPEG stays a JPEG and is never scaled up.
        let none = read_bytes_with(&bytes, |_, _| false, Some(&Deadline::never())).unwrap();
        assert!(none.thumbnail.is_none());
        let img = image::RgbImage::from_pixel(150, 120, image::Rgb([9, 80, 200]));
        let t = make_thumbnail(&image::DynamicImage::ImageRgb8(img)).unwrap();
        assert_eq!((t.mime, t.width, t.height), ("image/jpeg", 150, 120));
        assert!(t.bytes.starts_with(&[0xFF, 0xD8]));
        // Past the document's deadline there is no thumbnail, and the file still reads.
        let spent = crate::budget::Budget {
            time: std::time::Duration::ZERO,
            ..crate::budget::Budget::default()
        }
        .start();
        let late = read_bytes_with(&bytes, |_, _| true, Some(&spent)).expect("reads");
        assert!(late.thumbnail.is_none() && late.hash.is_some());
    }

    #[test]
    fn every_enabled_format_reads_and_every_cut_is_an_error_not_a_panic() {
        use image::ImageFormat::*;
        // JPEG has no alpha channel: it gets its own image below.
        for format in [Png, Gif, WebP] {
            let bytes = encoded(format, 120, 110);
            let got = read_bytes(&bytes, |_, _| true).expect("reads");
            assert_eq!((got.width, got.height), (120, 110), "{format:?}");
            for cut in [0, 1, 8, 16, 33, bytes.len() / 2, bytes.len() - 1] {
                let _ = read_bytes(&bytes[..cut], |_, _| true);
            }
        }
        let img = image::RgbImage::from_pixel(64, 64, image::Rgb([1, 2, 3]));
        let mut jpeg = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut jpeg, Jpeg)
            .expect("encodes");
        let jpeg = jpeg.into_inner();
        assert!(read_bytes(&jpeg, |_, _| true).is_ok());
        for cut in 0..jpeg.len() {
            assert!(
                read_bytes(&jpeg[..cut], |_, _| true).is_err(),
                "cut at {cut} read as whole"
            );
        }
    }
}
