//! Fuzzes the image reader and our own metadata parsers (IPTC IIM inside Photoshop blocks,
//! XMP, EXIF): any bytes give an image, or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let blocks = capcheck::image::embedded::Blocks {
        exif: Some(data.to_vec()),
        xmp: Some(data.to_vec()),
        iptc: Some(data.to_vec()),
    };
    let _ = capcheck::image::embedded::read(&blocks);
    let _ = capcheck::image::read::read_bytes(data, |_, _| true);
});
