//! Finds the documents to check (files, directory walks, stdin) and reads their bytes.

use std::path::PathBuf;

/// Extensions of the files a directory walk picks up.
pub const EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "txt"];

/// Where a document's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// A path that could not be used, and why.
    Unreadable(String),
}

/// One document to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The id shown in reports: the path as given on the command line.
    pub id: String,
    /// Where to read it.
    pub origin: Origin,
}

/// Expands the command-line paths into documents, in a stable order.
pub fn discover(paths: &[String]) -> Vec<Source> {
    paths
        .iter()
        .map(|p| Source { id: p.clone(), origin: Origin::File(PathBuf::from(p)) })
        .collect()
}

impl Source {
    /// Reads the document's bytes.
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match &self.origin {
            Origin::File(p) => std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display())),
            Origin::Stdin => {
                use std::io::Read;
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
                Ok(buf)
            }
            Origin::Unreadable(why) => Err(why.clone()),
        }
    }
}
