//! The photos themselves: a figure's local image file, read safely, and what the file says
//! about itself (EXIF, XMP, IPTC). Offline and read-only; nothing outside the scan root is
//! ever opened. The scorer stays text-only: `check` calls this for documents on disk.

pub mod conflict;
pub mod duplicates;
pub mod embedded;
pub mod iptc;
pub mod read;
pub mod resolve;

use std::path::Path;

use crate::entities::Lexicon;
use crate::model::Figure;
use crate::result::{DocumentReport, EmbeddedReport, ImageFileReport};
use resolve::Resolved;

/// Images narrower or lower than this are icons, spacers or tracking pixels: their metadata is
/// not judged.
pub const MIN_PHOTO_SIDE: u32 = 100;

/// The directory a page file is in (`.` for a bare file name).
pub fn own_dir(page: &Path) -> &Path {
    match page.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Looks up each reported image of a document read from `page` (a file under `root`), fills
/// in its `file`, `embedded` and `error`, and raises the embedded-metadata findings.
/// `figures` are the parsed figures, for their silenced rules.
pub fn inspect_document(
    doc: &mut DocumentReport,
    figures: &[Figure],
    page: &Path,
    root: &Path,
    lex: &Lexicon,
) {
    let page_dir = own_dir(page);
    let published = doc
        .published
        .as_deref()
        .and_then(crate::entities::dates::parse_published);
    let mut findings = Vec::new();
    for image in &mut doc.images {
        let Some(src) = image.src.as_deref() else {
            continue;
        };
        match resolve::resolve(src, page_dir, root) {
            // Remote and missing images are left unreported: most saved pages and CMS exports
            // carry none of their images, and a status on each would be noise.
            Resolved::NotLocal | Resolved::Missing => {}
            Resolved::Refused(why) => image.file = Some(ImageFileReport::status(why)),
            Resolved::Local(path) => {
                let mut file = ImageFileReport::status("found".into());
                file.path = Some(path.to_string_lossy().into_owned());
                match read::read(&path, |w, h| w >= MIN_PHOTO_SIDE && h >= MIN_PHOTO_SIDE) {
                    Ok(img) => {
                        file.width = Some(img.width);
                        file.height = Some(img.height);
                        file.hash = img.hash.clone();
                        file.decorative = img.width < MIN_PHOTO_SIDE || img.height < MIN_PHOTO_SIDE;
                        let found = embedded::read(&img.blocks);
                        if !found.is_empty() {
                            let people = conflict::embedded_people(&found, lex);
                            image.embedded = Some(EmbeddedReport {
                                caption: found.caption,
                                date: found.date,
                                people,
                                credit: found.credit,
                            });
                        }
                    }
                    Err(e) => image.error = Some(e),
                }
                image.file = Some(file);
            }
        }
        let ignored = figures
            .iter()
            .find(|f| f.index == image.index)
            .map(|f| f.ignore.as_slice())
            .unwrap_or(&[]);
        if let Some(file) = image.file.as_mut() {
            file.no_duplicate_check = ignored
                .iter()
                .any(|i| i == "*" || i == crate::rules::DUPLICATE_CAPTION_CONFLICT);
        }
        let mut raised = conflict::findings(image, lex);
        raised.extend(conflict::taken_after_publication(
            image,
            published.as_ref(),
            &doc.findings,
        ));
        for f in raised {
            if ignored.iter().any(|i| i == "*" || *i == f.rule) {
                doc.suppressed += 1;
            } else {
                findings.push(f);
            }
        }
    }
    if !findings.is_empty() {
        doc.findings.extend(findings);
        // Keep findings in image order, as the scorer gives them.
        doc.findings.sort_by_key(|f| f.image);
    }
}
