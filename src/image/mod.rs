//! The photos themselves: a figure's local image file, read safely, and what the file says
//! about itself (EXIF, XMP, IPTC). Offline and read-only; nothing outside the scan root is
//! ever opened. The scorer stays text-only: `check` calls this for documents on disk.

pub mod conflict;
pub mod duplicates;
pub mod embedded;
pub mod iptc;
pub mod read;
pub mod resolve;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::budget::{BudgetError, Deadline};
use crate::entities::Lexicon;
use crate::types::{Analysis, EmbeddedInfo, FileStatus, ImageFile, Thumbnails};
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

/// What one local image file gave: its facts, what it says about itself, or why it could not
/// be read.
#[derive(Clone)]
struct Inspected {
    file: ImageFile,
    embedded: Option<EmbeddedInfo>,
    error: Option<String>,
}

/// Reads one local image file: header, hash, embedded metadata, and a thumbnail when `thumbnail`
/// gives the document's deadline.
fn inspect_file(path: PathBuf, lex: &Lexicon, thumbnail: Option<&Deadline>) -> Inspected {
    let mut file = ImageFile::with_status(FileStatus::Found(path.clone()));
    let mut embedded = None;
    let mut error = None;
    let photo = |w, h| w >= MIN_PHOTO_SIDE && h >= MIN_PHOTO_SIDE;
    match read::read_with(&path, photo, thumbnail) {
        Ok(img) => {
            file.width = Some(img.width);
            file.height = Some(img.height);
            file.hash = img.hash;
            file.thumbnail = img.thumbnail;
            file.decorative = img.width < MIN_PHOTO_SIDE || img.height < MIN_PHOTO_SIDE;
            let found = embedded::read(&img.blocks);
            if !found.is_empty() {
                let people = conflict::embedded_people(&found, lex);
                let taken = found
                    .date
                    .as_deref()
                    .and_then(crate::parse::dates::parse_published);
                embedded = Some(EmbeddedInfo {
                    caption: found.caption,
                    date: found.date,
                    taken,
                    people,
                    credit: found.credit,
                });
            }
        }
        Err(e) => error = Some(e.to_string()),
    }
    Inspected {
        file,
        embedded,
        error,
    }
}

/// Looks up each photo of a document read from `page` (a file under `root`; `site` for a
/// Markdown source, whose site-rooted addresses name files of the site), fills in its
/// `file`, `embedded`, `people` and `error`, and raises the embedded-metadata findings (those
/// the page silences on the photo are counted, not raised). A file the page shows several
/// times is read once; the document's deadline is checked before each file is read, since a
/// file may take long to decode. With `Thumbnails::Make`, each photo read gets a thumbnail
/// while the deadline has not passed.
pub fn inspect_document(
    doc: &mut Analysis,
    page: &Path,
    root: &Path,
    site: bool,
    lex: &Lexicon,
    deadline: &Deadline,
    thumbnails: Thumbnails,
) -> Result<(), BudgetError> {
    let thumbnail = (thumbnails == Thumbnails::Make).then_some(deadline);
    let page_dir = own_dir(page);
    let mut findings = Vec::new();
    let mut read_before: HashMap<PathBuf, Inspected> = HashMap::new();
    for photo in &mut doc.photos {
        let Some(src) = photo.src.as_deref() else {
            continue;
        };
        let resolved = if site {
            resolve::resolve_in_site(src, page_dir, root)
        } else {
            resolve::resolve(src, page_dir, root)
        };
        match resolved {
            // Remote and missing images are left unreported: most saved pages and CMS exports
            // carry none of their images, and a status on each would be noise.
            Resolved::NotLocal | Resolved::Missing => continue,
            Resolved::Refused(why) => {
                photo.file = Some(ImageFile::with_status(FileStatus::Refused(why.to_string())));
            }
            Resolved::Local(path) => {
                let seen = match read_before.get(&path) {
                    Some(seen) => seen.clone(),
                    None => {
                        deadline.check("reading the image files")?;
                        let seen = inspect_file(path.clone(), lex, thumbnail);
                        read_before.insert(path, seen.clone());
                        seen
                    }
                };
                photo.file = Some(seen.file);
                photo.embedded = seen.embedded;
                photo.error = seen.error;
            }
        }
        // The caption's people, read once for the embedded and the cross-page rules.
        photo.people = photo
            .caption
            .as_deref()
            .map(|c| conflict::people_in(c, lex))
            .unwrap_or_default();
        findings.extend(conflict::findings(photo));
        findings.extend(conflict::taken_after_publication(
            photo,
            doc.published.as_ref(),
            &doc.findings,
        ));
    }
    doc.raise(findings);
    Ok(())
}
