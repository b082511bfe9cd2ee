//! Local image files beside a page: embedded IPTC/XMP captions, hostile `src` values and broken
//! files. Every image is generated here (no downloaded photos); every name is invented.

use crate::common;

use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::common::{check_json, only_doc};
use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::Bytes;
use serde_json::Value;

/// A fresh directory for one test under the system temp dir.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capcheck-images-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("story_files")).expect("temp dir");
    dir
}

/// A plain JPEG of this size.
fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
    });
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out.into_inner()
}

/// A plain PNG of this size.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([10, 20, 30]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode png");
    out.into_inner()
}

/// IIM dataset 2:`number`.
fn dataset(number: u8, value: &str) -> Vec<u8> {
    let mut v = vec![0x1C, 2, number];
    v.extend_from_slice(&(value.len() as u16).to_be_bytes());
    v.extend_from_slice(value.as_bytes());
    v
}

/// A JPEG carrying an IPTC caption, date and credit in an APP13 Photoshop segment, built by hand.
fn jpeg_with_iptc(caption: &str, date: &str) -> Vec<u8> {
    let mut iim = dataset(120, caption);
    iim.extend(dataset(55, date));
    iim.extend(dataset(80, "Ada Quill"));
    iim.extend(dataset(110, "Northwire"));
    let mut irb = b"Photoshop 3.0\0".to_vec();
    irb.extend_from_slice(b"8BIM\x04\x04\0\0");
    irb.extend_from_slice(&(iim.len() as u32).to_be_bytes());
    irb.extend_from_slice(&iim);
    if iim.len() % 2 == 1 {
        irb.push(0);
    }
    let mut j = Jpeg::from_bytes(Bytes::from(jpeg(240, 160))).expect("our jpeg parses");
    j.segments_mut().insert(
        1,
        JpegSegment::new_with_contents(markers::APP13, Bytes::from(irb)),
    );
    j.encoder().bytes().to_vec()
}

/// A PNG whose header claims 40000×40000 pixels (a decompression bomb's shape), CRC fixed up.
fn png_bomb() -> Vec<u8> {
    let mut b = png(8, 8);
    // Signature (8), IHDR length (4) and type (4): width and height follow.
    b[16..20].copy_from_slice(&40_000u32.to_be_bytes());
    b[20..24].copy_from_slice(&40_000u32.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&b[12..29]);
    b[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    b
}

/// A GIF of a few bytes whose header declares a canvas of 11,000 × 11,000 pixels (found by
/// the fuzzer: decoding and hashing such a canvas stalled the scan).
fn gif_canvas_bomb() -> Vec<u8> {
    let mut b = Vec::new();
    let img = image::RgbaImage::from_pixel(4, 4, image::Rgba([200, 10, 10, 255]));
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut b), image::ImageFormat::Gif)
        .expect("gif");
    // Logical screen width and height, little-endian, after the 6-byte signature.
    b[6..8].copy_from_slice(&11_000u16.to_le_bytes());
    b[8..10].copy_from_slice(&11_000u16.to_le_bytes());
    b
}

/// A story about Premier Ilse Varga with one figure per `(src, caption)`.
fn page(figures: &[(&str, &str)]) -> String {
    let figs: String = figures
        .iter()
        .enumerate()
        // Numbered so that no two captions are the same text (the parser keeps each once).
        .map(|(i, (src, cap))| {
            let cap = if i == 0 {
                cap.to_string()
            } else {
                format!("{cap} View {i}.")
            };
            format!("<figure><img src=\"{src}\" alt=\"\"><figcaption>{cap}</figcaption></figure>\n")
        })
        .collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Harbour pact signed by Premier Varga</title>\
         <meta property=\"article:published_time\" content=\"2024-03-14\"></head><body><article>\
         <h1>Harbour pact signed by Premier Varga</h1>{figs}\
         <p>Premier Ilse Varga signed a ten-year harbour agreement in Halden, Norway, on Tuesday.</p>\
         <p>Varga said the deal would keep the port open all year.</p></article></body></html>"
    )
}

/// Writes the page and its files, checks it, and returns the document and the exit status.
fn check_page(dir: &Path, html: &str, files: &[(&str, Vec<u8>)]) -> (Value, i32) {
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write image");
    }
    let page = dir.join("story.html");
    std::fs::write(&page, html).expect("write page");
    let (report, code) = check_json(&[page.to_str().expect("utf-8 temp path")]);
    (only_doc(&report).clone(), code)
}

/// The rule ids raised on image `index`.
fn rules_on(doc: &Value, index: u64) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["image"] == index)
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

const PAGE_CAPTION: &str = "Premier Ilse Varga at the harbour in Halden on March 12, 2024.";

#[test]
fn iptc_caption_naming_other_people_conflicts() {
    let dir = temp_dir("conflict");
    let (doc, code) = check_page(
        &dir,
        &page(&[("story_files/quay.jpg", PAGE_CAPTION)]),
        &[(
            "story_files/quay.jpg",
            jpeg_with_iptc("Mayor Felix Brandt opens the Riverside bridge", "20240311"),
        )],
    );
    let img = &doc["images"][0];
    assert_eq!(img["file"]["status"], "found", "{doc:#}");
    assert_eq!(img["file"]["width"], 240);
    assert_eq!(
        img["embedded"]["caption"],
        "Mayor Felix Brandt opens the Riverside bridge"
    );
    assert_eq!(img["embedded"]["date"], "2024-03-11");
    assert_eq!(img["embedded"]["credit"], "Northwire");
    assert_eq!(
        img["embedded"]["people"],
        serde_json::json!(["Felix Brandt"])
    );
    assert_eq!(
        rules_on(&doc, 0),
        vec!["embedded-caption-conflict"],
        "{doc:#}"
    );
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn iptc_caption_naming_the_same_people_is_quiet() {
    let dir = temp_dir("quiet");
    let (doc, code) = check_page(
        &dir,
        &page(&[("story_files/quay.jpg", PAGE_CAPTION)]),
        &[(
            "story_files/quay.jpg",
            jpeg_with_iptc(
                "Premier Ilse Varga visits the harbour of Halden",
                "20240312",
            ),
        )],
    );
    assert_eq!(
        doc["images"][0]["embedded"]["people"],
        serde_json::json!(["Ilse Varga"]),
        "{doc:#}"
    );
    assert!(rules_on(&doc, 0).is_empty(), "{doc:#}");
    assert_eq!(code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_far_file_date_is_a_warning_and_silencing_works() {
    let dir = temp_dir("date");
    let html = page(&[("quay.jpg", PAGE_CAPTION)]).replace(
        "<figure>",
        "<figure data-capcheck-ignore=\"embedded-caption-conflict\">",
    );
    let (doc, code) = check_page(
        &dir,
        &html,
        &[(
            "quay.jpg",
            jpeg_with_iptc("Mayor Felix Brandt opens the Riverside bridge", "20190620"),
        )],
    );
    assert_eq!(rules_on(&doc, 0), vec!["embedded-date-conflict"], "{doc:#}");
    assert_eq!(doc["suppressed"], 1);
    assert_eq!(code, 0, "a warning does not fail by default");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_files_are_per_image_errors_and_the_scan_goes_on() {
    let dir = temp_dir("broken");
    let full = jpeg(300, 200);
    let oversized = dir.join("story_files/huge.jpg");
    let figures = [
        ("story_files/truncated.jpg", PAGE_CAPTION),
        ("story_files/empty.jpg", PAGE_CAPTION),
        ("story_files/png-named.jpg", PAGE_CAPTION),
        ("story_files/bomb.png", PAGE_CAPTION),
        ("story_files/text.jpg", PAGE_CAPTION),
        ("story_files/huge.jpg", PAGE_CAPTION),
        ("story_files/pixel.png", PAGE_CAPTION),
        ("story_files/canvas.gif", PAGE_CAPTION),
    ];
    let files = [
        ("story_files/truncated.jpg", full[..full.len() / 2].to_vec()),
        ("story_files/empty.jpg", Vec::new()),
        ("story_files/png-named.jpg", png(200, 200)),
        ("story_files/bomb.png", png_bomb()),
        (
            "story_files/text.jpg",
            b"<html>not a picture</html>".to_vec(),
        ),
        ("story_files/pixel.png", png(1, 1)),
        ("story_files/canvas.gif", gif_canvas_bomb()),
    ];
    // A sparse file over the size cap: never read.
    std::fs::File::create(&oversized)
        .and_then(|f| f.set_len(33 << 20))
        .expect("sparse file");
    let (doc, code) = check_page(&dir, &page(&figures), &files);
    assert!(doc["error"].is_null(), "{doc:#}");
    let images = doc["images"].as_array().expect("images");
    assert_eq!(images.len(), figures.len(), "{doc:#}");
    let error = |i: usize| images[i]["error"].as_str().unwrap_or("").to_string();
    assert!(
        error(0).contains("truncated") || error(0).contains("damaged"),
        "{}",
        error(0)
    );
    assert_eq!(error(1), "empty image file");
    assert!(
        images[2]["error"].is_null(),
        "a PNG named .jpg is read by its bytes: {doc:#}"
    );
    assert_eq!(images[2]["file"]["width"], 200);
    assert!(error(3).contains("limits"), "{}", error(3));
    assert!(error(4).contains("not an image"), "{}", error(4));
    assert!(error(5).contains("too large"), "{}", error(5));
    assert_eq!(images[6]["file"]["decorative"], true);
    assert!(error(7).contains("too large to decode"), "{}", error(7));
    for img in images {
        assert_eq!(img["file"]["status"], "found", "{img:#}");
    }
    assert_eq!(code, 0, "image problems are not document errors");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_sources_are_refused_and_never_read() {
    let dir = temp_dir("hostile");
    let figures = [
        ("../../etc/passwd", PAGE_CAPTION),
        ("file:///etc/passwd", PAGE_CAPTION),
        ("/etc/passwd", PAGE_CAPTION),
        ("story_files/..%2F..%2F..%2Fetc%2Fpasswd", PAGE_CAPTION),
        ("https://photos.invalid/quay.jpg", PAGE_CAPTION),
        ("story_files/missing.jpg", PAGE_CAPTION),
    ];
    let (doc, _) = check_page(&dir, &page(&figures), &[]);
    let images = doc["images"].as_array().expect("images");
    let status = |i: usize| images[i]["file"]["status"].clone();
    assert_eq!(status(0), "refused: outside the scan root", "{doc:#}");
    assert_eq!(status(1), "refused: file: URL");
    assert_eq!(status(2), "refused: absolute path");
    assert_eq!(status(3), "refused: outside the scan root");
    // A remote URL and a missing file are not local files: nothing to say, nothing read.
    for i in [4, 5] {
        assert!(images[i].get("file").is_none(), "{}", images[i]);
    }
    for img in images {
        assert!(
            img.get("embedded").is_none() && img.get("error").is_none(),
            "{img:#}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_directory_scan_reads_images_anywhere_under_the_directory_given() {
    let dir = temp_dir("walk");
    std::fs::create_dir_all(dir.join("2024")).expect("subdir");
    std::fs::create_dir_all(dir.join("images")).expect("images dir");
    std::fs::write(
        dir.join("images/quay.jpg"),
        jpeg_with_iptc("Mayor Felix Brandt opens the Riverside bridge", "20240311"),
    )
    .expect("write image");
    let page_path = dir.join("2024/story.html");
    std::fs::write(&page_path, page(&[("../images/quay.jpg", PAGE_CAPTION)])).expect("write page");

    let (report, _) = check_json(&[dir.to_str().expect("utf-8 temp path")]);
    let doc = only_doc(&report);
    assert_eq!(doc["images"][0]["file"]["status"], "found", "{doc:#}");
    assert_eq!(rules_on(doc, 0), vec!["embedded-caption-conflict"]);

    // The page alone: its own directory is the root, and `..` leaves it.
    let (report, _) = check_json(&[page_path.to_str().expect("utf-8 temp path")]);
    let doc = only_doc(&report);
    assert_eq!(
        doc["images"][0]["file"]["status"], "refused: outside the scan root",
        "{doc:#}"
    );
    assert!(rules_on(doc, 0).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A JPEG with EXIF (written by kamadak-exif) and an XMP packet naming the people shown.
fn jpeg_with_exif_and_xmp(description: &str, taken: &str, people: &[&str]) -> Vec<u8> {
    use exif::experimental::Writer;
    use exif::{Field, In, Tag, Value};
    use img_parts::ImageEXIF;
    let ascii = |tag, s: &str| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![s.as_bytes().to_vec()]),
    };
    let fields = [
        ascii(Tag::ImageDescription, description),
        ascii(Tag::DateTimeOriginal, taken),
        ascii(Tag::Artist, "Ada Quill"),
    ];
    let mut writer = Writer::new();
    for f in &fields {
        writer.push_field(f);
    }
    let mut tiff = Cursor::new(Vec::new());
    writer.write(&mut tiff, false).expect("exif writes");
    let people: String = people
        .iter()
        .map(|p| format!("<rdf:li>{p}</rdf:li>"))
        .collect();
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF \
         xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description \
         xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"><Iptc4xmpExt:PersonInImage>\
         <rdf:Bag>{people}</rdf:Bag></Iptc4xmpExt:PersonInImage></rdf:Description></rdf:RDF></x:xmpmeta>"
    );
    let mut j = Jpeg::from_bytes(Bytes::from(jpeg(240, 160))).expect("our jpeg parses");
    j.set_exif(Some(Bytes::from(tiff.into_inner())));
    j.segments_mut().insert(
        1,
        JpegSegment::new_with_contents(markers::APP1, Bytes::from(xmp.into_bytes())),
    );
    j.encoder().bytes().to_vec()
}

#[test]
fn exif_and_xmp_are_read_from_the_file() {
    let dir = temp_dir("exif");
    let (doc, _) = check_page(
        &dir,
        &page(&[("story_files/quay.jpg", PAGE_CAPTION)]),
        &[(
            "story_files/quay.jpg",
            jpeg_with_exif_and_xmp("Harbour at dawn", "2024:03:12 07:30:00", &["Ona Virtanen"]),
        )],
    );
    let img = &doc["images"][0];
    assert_eq!(img["embedded"]["caption"], "Harbour at dawn", "{doc:#}");
    assert_eq!(img["embedded"]["date"], "2024-03-12");
    assert_eq!(img["embedded"]["credit"], "Ada Quill");
    assert_eq!(
        img["embedded"]["people"],
        serde_json::json!(["Ona Virtanen"])
    );
    // PersonInImage alone names someone else than the page caption.
    assert_eq!(
        rules_on(&doc, 0),
        vec!["embedded-caption-conflict"],
        "{doc:#}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_taken_after_publication_is_flagged() {
    let dir = temp_dir("after");
    let (doc, _) = check_page(
        &dir,
        &page(&[("quay.jpg", "Premier Ilse Varga at the harbour in Halden.")]),
        &[(
            "quay.jpg",
            jpeg_with_iptc("Premier Ilse Varga at the harbour", "20240601"),
        )],
    );
    assert_eq!(
        rules_on(&doc, 0),
        vec!["caption-date-after-publication"],
        "{doc:#}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_html_report_shows_the_files_caption_escaped() {
    let dir = temp_dir("html");
    std::fs::write(
        dir.join("quay.jpg"),
        jpeg_with_iptc("Mayor Felix Brandt <script>x()</script>", "20240311"),
    )
    .expect("write image");
    let page_path = dir.join("story.html");
    std::fs::write(&page_path, page(&[("quay.jpg", PAGE_CAPTION)])).expect("write page");
    let out = common::capcheck()
        .args([
            "check",
            "--format",
            "html",
            page_path.to_str().expect("utf-8 temp path"),
        ])
        .output()
        .expect("capcheck runs");
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(
        html.contains("The image file says: “Mayor Felix Brandt &lt;script&gt;x()&lt;/script&gt;”"),
        "{html}"
    );
    assert!(!html.contains("<script>x()"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A photo-like picture (a diagonal gradient with a bright disc) of this size; `variant`
/// changes where the disc is, making a different picture.
fn picture(w: u32, h: u32, variant: u32) -> image::DynamicImage {
    let (cx, cy) = if variant == 0 {
        (w / 3, h / 2)
    } else {
        (w * 3 / 4, h / 4)
    };
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as i64 - cx as i64, y as i64 - cy as i64);
        let inside = dx * dx + dy * dy < (h as i64 / 4).pow(2);
        let base = ((x * 255 / w + y * 128 / h) % 256) as u8;
        if inside {
            image::Rgb([250, 240, 200])
        } else if variant == 0 {
            image::Rgb([base, base / 2, 40])
        } else {
            image::Rgb([40, 255 - base, base])
        }
    });
    image::DynamicImage::ImageRgb8(img)
}

/// A picture encoded as JPEG.
fn jpeg_of(img: &image::DynamicImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("encode jpeg");
    out.into_inner()
}

/// The messages of a document's `duplicate-image-caption-conflict` findings.
fn duplicate_messages(doc: &serde_json::Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "duplicate-image-caption-conflict")
        .map(|f| f["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A scan folder holding one photo twice: `images/quay.jpg`, and `images/quay-small.jpg`, the
/// same picture resized and re-encoded.
fn quay_photos(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::create_dir_all(dir.join("images")).expect("images dir");
    let photo = picture(320, 200, 0);
    let copy = photo.resize_exact(200, 125, image::imageops::FilterType::Triangle);
    std::fs::write(dir.join("images/quay.jpg"), jpeg_of(&photo)).expect("write");
    std::fs::write(dir.join("images/quay-small.jpg"), jpeg_of(&copy)).expect("write");
    dir
}

#[test]
fn the_same_picture_with_other_people_is_reported_on_the_later_page_in_every_format() {
    let dir = quay_photos("dupes");
    std::fs::write(dir.join("images/other.jpg"), jpeg_of(&picture(320, 200, 1))).expect("write");
    let pages = [
        ("a.html", "images/quay.jpg", PAGE_CAPTION),
        (
            "b.html",
            "images/quay-small.jpg",
            "Mayor Felix Brandt at the harbour in Halden.",
        ),
        (
            "c.html",
            "images/other.jpg",
            "Senator Maren Oduya at the harbour in Halden.",
        ),
        (
            "d.html",
            "images/quay-small.jpg",
            "Premier Varga at the harbour in Halden.",
        ),
    ];
    for (name, src, caption) in pages {
        std::fs::write(dir.join(name), page(&[(src, caption)])).expect("write page");
    }
    let (report, _) = check_json(&["--fail-on", "never", dir.to_str().expect("utf-8 temp path")]);
    let docs = report["documents"].as_array().expect("documents");
    let doc = |name: &str| {
        docs.iter()
            .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} in {report:#}"))
    };
    let dupes = |name: &str| duplicate_messages(doc(name));
    // Reported once, on the later page, pointing at the earlier ones: a.html is first.
    assert!(dupes("a.html").is_empty(), "{report:#}");
    assert_eq!(dupes("b.html").len(), 1, "{report:#}");
    assert!(dupes("b.html")[0].contains("a.html") && dupes("b.html")[0].contains("Ilse Varga"));
    // A different picture is quiet; d.html shows the same person as a.html (surname only), so
    // its one finding is about b.html.
    assert!(dupes("c.html").is_empty(), "{report:#}");
    assert!(
        dupes("d.html").len() == 1 && dupes("d.html")[0].contains("b.html"),
        "{report:#}"
    );
    assert!(doc("a.html")["images"][0]["file"]["hash"].is_string());

    // The config silences it like any other rule, and a baseline records it.
    std::fs::write(
        dir.join("capcheck.toml"),
        "disable = [\"duplicate-image-caption-conflict\"]\n",
    )
    .expect("write config");
    let cfg = dir.join("capcheck.toml");
    let (quiet, _) = check_json(&[
        "--fail-on",
        "never",
        "--config",
        cfg.to_str().expect("utf-8"),
        dir.to_str().expect("utf-8 temp path"),
    ]);
    assert_eq!(quiet["summary"]["suppressed"], 2, "{quiet:#}");
    let base = dir.join("baseline.json");
    let (_, _) = check_json(&[
        "--fail-on",
        "never",
        "--no-config",
        "--write-baseline",
        base.to_str().expect("utf-8"),
        dir.to_str().expect("utf-8 temp path"),
    ]);
    let written = std::fs::read_to_string(&base).expect("baseline written");
    assert_eq!(
        written.matches("duplicate-image-caption-conflict").count(),
        2,
        "{written}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_streamed_scan_reports_the_same_picture_on_the_later_page() {
    let dir = quay_photos("dupes-jsonl");
    std::fs::write(
        dir.join("a.html"),
        page(&[("images/quay.jpg", PAGE_CAPTION)]),
    )
    .expect("write page");
    std::fs::write(
        dir.join("b.html"),
        page(&[(
            "images/quay-small.jpg",
            "Mayor Felix Brandt at the harbour in Halden.",
        )]),
    )
    .expect("write page");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_capcheck"))
        .args([
            "check",
            "--format",
            "jsonl",
            "--fail-on",
            "never",
            "-j",
            "1",
        ])
        .arg(&dir)
        .output()
        .expect("run capcheck");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    let dupes = |name: &str| {
        duplicate_messages(
            lines
                .iter()
                .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(name)))
                .expect("document line"),
        )
    };
    // a.html was written before b.html was read: the conflict is reported on b.html.
    assert!(dupes("a.html").is_empty());
    assert_eq!(dupes("b.html").len(), 1, "{lines:#?}");
    assert!(dupes("b.html")[0].contains("a.html"));
    let summary = lines.last().expect("summary line");
    assert!(
        summary["summary"]["findings"]
            .as_u64()
            .is_some_and(|n| n >= 1),
        "{summary:#}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The findings of a report in any of the five formats as sorted `(page, photo, rule)`
/// triples, read the way a user of that format would read them.
fn findings_in(format: &str, out: &str) -> Vec<(String, u64, String)> {
    let norm = |p: &str| p.trim_start_matches("./").to_string();
    let mut found = Vec::new();
    let from_doc = |doc: &Value, found: &mut Vec<(String, u64, String)>| {
        for f in doc["findings"].as_array().expect("findings") {
            found.push((
                norm(doc["path"].as_str().expect("path")),
                f["image"].as_u64().expect("image"),
                f["rule"].as_str().expect("rule").to_string(),
            ));
        }
    };
    match format {
        "json" => {
            let v: Value = serde_json::from_str(out).expect("json");
            for doc in v["documents"].as_array().expect("documents") {
                from_doc(doc, &mut found);
            }
        }
        "jsonl" => {
            for line in out.lines() {
                let v: Value = serde_json::from_str(line).expect("a JSON line");
                if v.get("path").is_some() {
                    from_doc(&v, &mut found);
                }
            }
        }
        "sarif" => {
            let v: Value = serde_json::from_str(out).expect("sarif");
            for r in v["runs"][0]["results"].as_array().expect("results") {
                let msg = r["message"]["text"].as_str().expect("message");
                let photo = msg.rsplit("(photo #").next().expect("photo number");
                let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri");
                found.push((
                    norm(uri),
                    photo.trim_end_matches(')').parse().expect("a number"),
                    r["ruleId"].as_str().expect("ruleId").to_string(),
                ));
            }
        }
        "text" => {
            let (mut page, mut photo) = (String::new(), 0);
            for line in out.lines() {
                let trimmed = line.trim_start();
                if !line.starts_with(' ') && !line.is_empty() {
                    page = norm(line);
                } else if let Some(rest) = trimmed.strip_prefix('#') {
                    photo = rest
                        .split_whitespace()
                        .next()
                        .expect("#N")
                        .parse()
                        .expect("N");
                } else if let Some((sev, rest)) = trimmed.split_once('[') {
                    if sev == "error" || sev == "warning" {
                        let rule = rest.split(']').next().expect("rule");
                        found.push((page.clone(), photo, rule.to_string()));
                    }
                }
            }
        }
        "html" => {
            let (mut page, mut photo) = (String::new(), 0);
            for line in out.lines() {
                if let Some(rest) = line.split("<p class=\"page-meta\"><code>").nth(1) {
                    page = norm(rest.split("</code>").next().expect("path"));
                }
                if let Some(rest) = line.split("-photo-").nth(1) {
                    photo = rest.split('"').next().expect("N").parse().expect("N");
                }
                if line.starts_with("<li class=\"finding") {
                    let rule = line
                        .split("href=\"#rule-")
                        .nth(1)
                        .and_then(|r| r.split('"').next())
                        .expect("a rule link");
                    found.push((page.clone(), photo, rule.to_string()));
                }
            }
        }
        other => panic!("unknown format {other}"),
    }
    found.sort();
    found
}

#[test]
fn every_format_reports_the_same_findings_after_every_kind_of_suppression() {
    let dir = quay_photos("formats");
    let write = |name: &str, text: String| std::fs::write(dir.join(name), text).expect("write");
    // The file's own caption names someone else and dates the photo after publication.
    std::fs::write(
        dir.join("images/filed.jpg"),
        jpeg_with_iptc("Mayor Felix Brandt at the harbour in Halden.", "20240320"),
    )
    .expect("write");
    write("a.html", page(&[("images/quay.jpg", PAGE_CAPTION)]));
    write(
        "b.html",
        page(&[(
            "images/quay-small.jpg",
            "Mayor Felix Brandt at the harbour in Halden.",
        )]),
    );
    write("c.html", page(&[("images/filed.jpg", PAGE_CAPTION)]));
    // Silenced in the page: a foreign caption marked as meant.
    write(
        "d.html",
        page(&[("images/none.jpg", "Senator Maren Oduya speaks in Lyon.")]).replace(
            "<figure>",
            "<figure data-capcheck-ignore=\"caption-entity-mismatch\">",
        ),
    );
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::fs::create_dir_all(dir.join("old")).expect("dir");
    for (name, to) in [
        ("entity-mismatch-fires.html", "e.html"),
        ("date-after-publication-fires.html", "f.html"),
        ("stale-date-fires.html", "old/g.html"),
        ("stale-date-fires.html", "h.html"),
    ] {
        std::fs::copy(fixtures.join(name), dir.join(to)).expect("copy fixture");
    }
    // Silenced by the config for one folder, and by a baseline for one page.
    write(
        "capcheck.toml",
        "[[ignore]]\npath = \"old/**\"\nrules = [\"caption-stale-date\"]\n".into(),
    );
    let run = |args: &[&str]| {
        common::stdout_of_success(
            common::capcheck()
                .current_dir(&dir)
                .arg("check")
                .args(["--fail-on", "never"])
                .args(args),
        )
    };
    run(&["f.html", "--write-baseline", "baseline.json"]);
    let mut seen = Vec::new();
    for format in ["json", "jsonl", "sarif", "text", "html"] {
        let out = run(&[
            ".",
            "--baseline",
            "baseline.json",
            "--format",
            format,
            "--color",
            "never",
        ]);
        seen.push((format, findings_in(format, &out)));
    }
    let want = &seen[0].1;
    for (format, got) in &seen {
        assert_eq!(got, want, "{format} differs from json");
    }
    let rules: std::collections::BTreeSet<&str> = want.iter().map(|f| f.2.as_str()).collect();
    assert_eq!(
        rules.into_iter().collect::<Vec<_>>(),
        [
            "caption-date-after-publication",
            "caption-entity-mismatch",
            "caption-stale-date",
            "duplicate-image-caption-conflict",
            "embedded-caption-conflict",
            "embedded-date-conflict",
        ],
        "{want:?}"
    );
    // Nothing from the page's, the config's or the baseline's silenced findings is left.
    assert!(!want
        .iter()
        .any(|f| f.0 == "d.html" || f.0 == "old/g.html" || f.0 == "f.html"));
    let json: Value = serde_json::from_str(&run(&[
        ".",
        "--baseline",
        "baseline.json",
        "--format",
        "json",
    ]))
    .expect("json");
    assert_eq!(json["summary"]["suppressed"], 3, "{json:#}");
    let _ = std::fs::remove_dir_all(&dir);
}
