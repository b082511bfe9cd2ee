//! WARC archives (`.warc`, `.warc.gz`): which records are HTML pages, and reading one of them.
//!
//! An archive is read twice, lazily both times: `index` streams through it once, keeping only
//! where each HTML page's record starts (never a record's body), and `read_record` later opens
//! the archive at that place to fetch one page. So a multi-gigabyte archive costs memory for
//! one record at a time per worker, and its pages are checked in parallel like files.
//!
//! A record deep inside a gzip member (an archive compressed whole, as `gzip file.warc` makes)
//! cannot be reached by seeking: only decoding from the member's start finds it, and doing that
//! per record costs time quadratic in the archive. Such records share one `SharedStream`
//! instead: a decoder that moves forward through the archive as its pages are asked for, in
//! order (the scan asks in batches), keeping the few pages it passes before they are asked for.
//!
//! Written over `flate2` rather than a WARC crate: the format is a version line, `Key: Value`
//! headers, a blank line and `Content-Length` bytes, and the one crate for it pulls in old
//! dependencies.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use flate2::bufread::GzDecoder;
use flate2::read::MultiGzDecoder;

/// The largest record body read as a page; larger ones are reported as errors, not read.
pub const MAX_RECORD_BYTES: u64 = crate::budget::DEFAULT_MAX_BYTES;

/// The longest WARC or HTTP header line accepted: a longer one means the file is not WARC.
const MAX_LINE: u64 = 64 << 10;

/// The most header lines a record may have before it is taken for garbage.
const MAX_HEADER_LINES: usize = 1024;

/// How much of a record's block is looked at to decide whether it is an HTML page.
const PREFIX_BYTES: u64 = 64 << 10;

/// The most decoded bytes between a gzip member's start and a record that is still read by
/// seeking to the member (a member holding a request and its response, say); a record deeper
/// in its member is read through the archive's `SharedStream`.
const SEEK_SKIP_MAX: u64 = 64 << 10;

/// The most page bytes a `SharedStream` keeps for pages it has passed before they are asked
/// for; past it a page is dropped, and asking for it later decodes the archive again from the
/// start (slow but right). The scan's batches of at most a few hundred pages stay far below
/// it unless their pages are megabytes each.
const KEPT_MAX: u64 = 256 << 20;

/// Pages of the size limit a `SharedStream` keeps at most: under a small `--max-bytes`, the
/// pages kept are held to this many times it (16 MB under `--max-bytes 1M`), so that memory
/// follows the limit asked for.
const KEPT_PAGES: u64 = 16;

/// Why an archive, or one record of it, cannot be read. An archive's text is never quoted but
/// for a `Content-Length` or content encoding that is not one.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// The archive cannot be opened to read a record.
    #[error("cannot open the archive: {0}")]
    Open(#[source] io::Error),
    /// Any other read error of the file system.
    #[error("{0}")]
    Io(#[source] io::Error),
    /// A gzip stream that stops short.
    #[error("truncated archive: the compressed data ends early")]
    CompressedEnd(#[source] io::Error),
    /// Data the decoder rejects.
    #[error("corrupt archive: {0}")]
    Corrupt(#[source] io::Error),
    /// The record asked for lies past the end of the archive.
    #[error("the archive ends before the record")]
    EndsBeforeRecord,
    /// A record's block is shorter than its `Content-Length`, read by position.
    #[error("truncated record: {got} of {len} bytes")]
    TruncatedRecord {
        /// The bytes there are.
        got: usize,
        /// The bytes the header promises.
        len: u64,
    },
    /// A record's block is shorter than its `Content-Length`, found by the index.
    #[error("truncated archive: the record at byte {start} has {got} of its {len} bytes")]
    RecordCut {
        /// The record's decoded offset.
        start: u64,
        /// The bytes there are.
        got: u64,
        /// The bytes the header promises.
        len: u64,
    },
    /// A record over [`MAX_RECORD_BYTES`].
    #[error(
        "record of {} MB is larger than the {} MB limit",
        len >> 20,
        MAX_RECORD_BYTES >> 20
    )]
    TooLarge {
        /// The record's size in bytes.
        len: u64,
    },
    /// A record over a smaller `--max-bytes`: skipped unread.
    #[error(
        "record of {len} bytes is larger than the {limit} bytes limit (--max-bytes); not read"
    )]
    OverLimit {
        /// The record's size in bytes.
        len: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The shared decoder was lost to an earlier error.
    #[error("the archive could not be decoded")]
    Undecodable,
    /// The archive is not where the index left it.
    #[error("the archive changed while it was read")]
    Changed,
    /// A header error found by the index, with where the record starts.
    #[error("{source} (record at byte {start} of the decoded archive)")]
    At {
        /// The record's decoded offset.
        start: u64,
        /// What is wrong with its header.
        source: Box<WarcError>,
    },
    /// A record header that stops before its blank line.
    #[error("truncated archive: a record header is cut short")]
    HeaderCut,
    /// A record header without a version line.
    #[error("corrupt archive: a record does not start with a WARC/ version line")]
    NoVersion,
    /// A record header over `MAX_HEADER_LINES`.
    #[error("corrupt archive: a record header has too many lines")]
    TooManyLines,
    /// A header line over `MAX_LINE`.
    #[error("corrupt archive: a header line is too long")]
    LineTooLong,
    /// A record without `Content-Length` cannot be skipped.
    #[error("corrupt archive: a record has no Content-Length")]
    NoLength,
    /// A `Content-Length` that is not a number.
    #[error("corrupt archive: bad Content-Length '{0}'")]
    BadLength(String),
    /// A `response` record whose block is no HTTP response.
    #[error("the record holds no HTTP response")]
    NoHttpResponse,
    /// A content encoding other than gzip and deflate.
    #[error("content encoding '{0}' is not supported")]
    Encoding(String),
    /// A gzip or deflate body that does not decode.
    #[error("cannot decode the page's content encoding: {0}")]
    Inflate(#[source] io::Error),
}

/// True when a file name ends in `.warc` or `.warc.gz` (any case).
pub fn is_warc_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Where a record starts: the byte offset in the file where decoding begins, and how many
/// decoded bytes to skip from there (0 unless a gzip member holds several records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    /// Offset in the file (of the gzip member holding the record, for a compressed archive).
    pub offset: u64,
    /// Decoded bytes between that offset and the record's version line.
    pub skip: u64,
}

/// One HTML page found in an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    /// The record's `WARC-Target-URI` (or `record-N` when it has none).
    pub uri: String,
    /// Where the record starts.
    pub at: Position,
    /// Where the record starts in the decoded archive (all members decoded one after another).
    pub start: u64,
    /// The length of the record's block (HTTP headers and body), from `Content-Length`.
    pub length: u64,
}

/// What a pass over an archive found.
#[derive(Debug, Default)]
pub struct RecordIndex {
    /// The HTML pages, in archive order.
    pub records: Vec<RecordRef>,
    /// Records that are not HTML pages (requests, metadata, images, scripts…): counted, skipped.
    pub skipped: usize,
    /// Why the pass stopped early (a truncated or corrupt archive); the records before stay.
    pub error: Option<WarcError>,
}

/// Lists the HTML pages of an archive; never fails as a whole: a problem ends the list and is
/// kept in `RecordIndex::error`.
pub fn index(path: &Path) -> RecordIndex {
    let mut out = RecordIndex::default();
    if let Err(e) = index_into(path, &mut out) {
        out.error = Some(e);
    }
    out
}

/// `index`, stopping at the first problem.
fn index_into(path: &Path, out: &mut RecordIndex) -> Result<(), WarcError> {
    let mut file = BufReader::new(File::open(path).map_err(WarcError::Io)?);
    if is_gzip(&mut file).map_err(WarcError::Io)? {
        // Each gzip member's start is remembered with the decoded offset where it begins, so
        // that a record can be found again by seeking to its member.
        let members = Rc::new(RefCell::new(vec![(0u64, 0u64)]));
        let decoded = Members::new(Counting::new(file), Rc::clone(&members));
        let mut r = Counting::new(BufReader::new(decoded));
        scan(&mut r, out, |at| {
            let mut m = members.borrow_mut();
            let &(offset, start) = m.iter().rev().find(|(_, s)| *s <= at).unwrap_or(&(0, 0));
            // Members before the one in use are no longer needed.
            m.retain(|(_, s)| *s >= start);
            Position {
                offset,
                skip: at - start,
            }
        })
    } else {
        let mut r = Counting::new(file);
        scan(&mut r, out, |at| Position {
            offset: at,
            skip: 0,
        })
    }
}

/// Reads the page of the record at `at`: the HTTP body of a `response`, the block of a
/// `resource`; chunked transfer and gzip/deflate content encodings are undone.
pub fn read_record(path: &Path, at: Position) -> Result<Vec<u8>, WarcError> {
    let mut file = File::open(path).map_err(WarcError::Open)?;
    let mut probe = BufReader::new(&mut file);
    let gz = is_gzip(&mut probe).map_err(WarcError::Io)?;
    drop(probe);
    file.seek(SeekFrom::Start(at.offset))
        .map_err(WarcError::Io)?;
    let mut r: Box<dyn BufRead> = if gz {
        Box::new(BufReader::new(MultiGzDecoder::new(BufReader::new(file))))
    } else {
        Box::new(BufReader::new(file))
    };
    skip(&mut r, at.skip)?;
    let (header, len) = record_header(&mut r)?;
    if len > MAX_RECORD_BYTES {
        return Err(WarcError::TooLarge { len });
    }
    let block = read_block(&mut r, len)?;
    payload(&header, block)
}

/// Consumes `n` decoded bytes; fewer means the record asked for is not there.
fn skip(r: &mut impl BufRead, n: u64) -> Result<(), WarcError> {
    let skipped = io::copy(&mut r.take(n), &mut io::sink()).map_err(io_error)?;
    if skipped < n {
        return Err(WarcError::EndsBeforeRecord);
    }
    Ok(())
}

/// Reads a record's header and its block length.
fn record_header(r: &mut impl BufRead) -> Result<(Header, u64), WarcError> {
    let header = read_header(r)?.ok_or(WarcError::EndsBeforeRecord)?;
    let len = header.content_length()?;
    Ok((header, len))
}

/// Reads a record's block of `len` bytes (at most `MAX_RECORD_BYTES`, checked by the caller).
fn read_block(r: &mut impl BufRead, len: u64) -> Result<Vec<u8>, WarcError> {
    let mut block = Vec::with_capacity(len as usize);
    r.take(len).read_to_end(&mut block).map_err(io_error)?;
    if (block.len() as u64) < len {
        return Err(WarcError::TruncatedRecord {
            got: block.len(),
            len,
        });
    }
    Ok(block)
}

/// True when a record is read through its archive's `SharedStream` rather than by seeking:
/// it lies too deep inside its gzip member for a seek to bring it near.
pub fn is_deep(record: &RecordRef) -> bool {
    record.at.skip > SEEK_SKIP_MAX
}

/// One decoder shared by the deep records of a compressed archive (see the module's comment):
/// reading the pages in archive order decodes the archive once.
#[derive(Clone)]
pub struct SharedStream(Arc<StreamShared>);

/// The archive's path, and the decoder's state behind a lock (workers ask for pages at once).
struct StreamShared {
    path: PathBuf,
    state: Mutex<StreamState>,
}

/// Where the decoder is, and the pages not yet handed out.
#[derive(Default)]
struct StreamState {
    /// The decoder; its count is the decoded offset. `None` before the first page, after an
    /// error, and once every page is handed out (so the file is not held open).
    reader: Option<Counting<BufReader<MultiGzDecoder<BufReader<File>>>>>,
    /// Decoded offsets of the pages not handed out yet: the ones worth keeping when passed.
    wanted: BTreeSet<u64>,
    /// Pages passed on the way to a later one, by decoded offset, until they are asked for.
    kept: BTreeMap<u64, Result<Vec<u8>, WarcError>>,
    /// The bytes held in `kept`.
    kept_bytes: u64,
    /// The bound on `kept_bytes`: `KEPT_MAX` (smaller in tests).
    kept_max: u64,
}

impl std::fmt::Debug for SharedStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SharedStream").field(&self.0.path).finish()
    }
}

/// Two handles are equal when they share the one decoder.
impl PartialEq for SharedStream {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for SharedStream {}

impl SharedStream {
    /// A decoder for the archive at `path` that will be asked for the records starting at
    /// these decoded offsets (`RecordRef::start`); nothing is opened before the first page.
    pub fn new(path: &Path, starts: impl IntoIterator<Item = u64>) -> Self {
        SharedStream(Arc::new(StreamShared {
            path: path.to_path_buf(),
            state: Mutex::new(StreamState {
                wanted: starts.into_iter().collect(),
                kept_max: KEPT_MAX,
                ..StreamState::default()
            }),
        }))
    }

    /// The archive.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// The record at `start` will not be asked for: it is no longer kept, nor read on the way.
    pub fn forget(&self, start: u64) {
        let Ok(mut state) = self.0.state.lock() else {
            return;
        };
        state.wanted.remove(&start);
        if let Some(page) = state.kept.remove(&start) {
            state.kept_bytes -= kept_size(&page);
        }
        if state.wanted.is_empty() {
            state.reader = None;
        }
    }

    /// Reads the page of the record starting at decoded offset `start`, as `read_record` does;
    /// this and every record passed on the way that is over `limit` bytes is skipped unread
    /// (an error saying so).
    pub fn read(&self, start: u64, limit: u64) -> Result<Vec<u8>, WarcError> {
        let mut state = match self.0.state.lock() {
            Ok(state) => state,
            Err(poisoned) => {
                // A panic mid-read may have left the decoder anywhere: start it afresh.
                let mut state = poisoned.into_inner();
                state.reader = None;
                self.0.state.clear_poison();
                state
            }
        };
        if let Some(page) = state.kept.remove(&start) {
            state.kept_bytes -= kept_size(&page);
            return page;
        }
        state.wanted.remove(&start);
        let page = state.read(&self.0.path, start, limit.min(MAX_RECORD_BYTES));
        if state.wanted.is_empty() {
            state.reader = None;
        }
        page
    }
}

/// The bytes a kept page (or its error) counts for against `KEPT_MAX`.
fn kept_size(page: &Result<Vec<u8>, WarcError>) -> u64 {
    match page {
        Ok(bytes) => bytes.len() as u64,
        // What the error's words take; errors are few, so counting them costs nothing.
        Err(e) => e.to_string().len() as u64,
    }
}

impl StreamState {
    /// Moves the decoder to `start`, keeping the wanted pages it passes, and reads the page
    /// there; a read error drops the decoder, so the next page starts afresh.
    fn read(&mut self, path: &Path, start: u64, limit: u64) -> Result<Vec<u8>, WarcError> {
        let result = self.advance(path, start, limit);
        if !matches!(result, Ok(Ok(_))) {
            self.reader = None;
        }
        result.and_then(|page| page)
    }

    /// The outer error is one of the stream (the decoder is unusable), the inner one the
    /// record's own (too large, an encoding not supported): decoding goes on after it.
    fn advance(
        &mut self,
        path: &Path,
        start: u64,
        limit: u64,
    ) -> Result<Result<Vec<u8>, WarcError>, WarcError> {
        if self.reader.as_ref().is_none_or(|r| r.pos > start) {
            // First page, or one asked for out of order and not kept: decode from the start.
            let file = File::open(path).map_err(WarcError::Open)?;
            self.reader = Some(Counting::new(BufReader::new(MultiGzDecoder::new(
                BufReader::new(file),
            ))));
        }
        loop {
            let Some(reader) = self.reader.as_mut() else {
                return Err(WarcError::Undecodable);
            };
            let passed = self.wanted.range(reader.pos..start).next().copied();
            let at = passed.unwrap_or(start);
            // The offsets come from the index, so the decoder is never past them unless the
            // file changed since.
            let gap = at.checked_sub(reader.pos).ok_or(WarcError::Changed)?;
            skip(reader, gap)?;
            let page = next_page(reader, limit)?;
            let Some(at) = passed else {
                return Ok(page);
            };
            let size = kept_size(&page);
            let kept_max = self.kept_max.min(limit.saturating_mul(KEPT_PAGES));
            if self.kept_bytes + size <= kept_max {
                self.wanted.remove(&at);
                self.kept_bytes += size;
                self.kept.insert(at, page);
            }
        }
    }
}

/// Reads the record at the reader's position, leaving the reader just after its block: the
/// outer error is one of the stream, the inner one the record's own (over `limit` bytes: then
/// skipped unread).
fn next_page(r: &mut impl BufRead, limit: u64) -> Result<Result<Vec<u8>, WarcError>, WarcError> {
    let (header, len) = record_header(r)?;
    if len > limit {
        skip(r, len)?;
        return Ok(Err(too_large_for(len, limit)));
    }
    let block = read_block(r, len)?;
    Ok(payload(&header, block))
}

/// The error for a record over `limit` bytes.
fn too_large_for(len: u64, limit: u64) -> WarcError {
    if limit >= MAX_RECORD_BYTES {
        return WarcError::TooLarge { len };
    }
    WarcError::OverLimit { len, limit }
}

/// True when the stream starts with the gzip magic bytes (whatever the file is called).
fn is_gzip(r: &mut impl BufRead) -> io::Result<bool> {
    Ok(r.fill_buf()?.starts_with(&[0x1f, 0x8b]))
}

/// Words for a read error; a gzip stream that stops short reads as a truncated archive.
fn io_error(e: io::Error) -> WarcError {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => WarcError::CompressedEnd(e),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => WarcError::Corrupt(e),
        _ => WarcError::Io(e),
    }
}

/// Walks the records of a decoded stream, sorting them into pages and skipped records.
fn scan<R: BufRead>(
    r: &mut Counting<R>,
    out: &mut RecordIndex,
    locate: impl Fn(u64) -> Position,
) -> Result<(), WarcError> {
    let mut n = 0usize;
    loop {
        skip_newlines(r).map_err(io_error)?;
        // Filling the buffer first moves the decoder into the next gzip member, so the record
        // is located in the member it starts, not at the end of the previous one.
        if r.fill_buf().map_err(io_error)?.is_empty() {
            return Ok(());
        }
        let start = r.pos;
        let at = locate(start);
        let header = read_header(r)
            .map_err(|e| WarcError::At {
                start,
                source: Box::new(e),
            })?
            .ok_or(WarcError::HeaderCut)?;
        let len = header.content_length()?;
        let mut block = r.by_ref().take(len);
        let html = if header.is_page_type() {
            let mut prefix = Vec::new();
            (&mut block)
                .take(PREFIX_BYTES)
                .read_to_end(&mut prefix)
                .map_err(io_error)?;
            is_html(&header, &prefix)
        } else {
            false
        };
        io::copy(&mut block, &mut io::sink()).map_err(io_error)?;
        if block.limit() > 0 {
            return Err(WarcError::RecordCut {
                start,
                got: len - block.limit(),
                len,
            });
        }
        n += 1;
        if html {
            let uri = header.target_uri().unwrap_or_else(|| format!("record-{n}"));
            out.records.push(RecordRef {
                uri,
                at,
                start,
                length: len,
            });
        } else {
            out.skipped += 1;
        }
    }
}

/// Consumes the CRLFs that end a record (and any stray blank lines before the next).
fn skip_newlines(r: &mut impl BufRead) -> io::Result<()> {
    loop {
        let buf = r.fill_buf()?;
        let n = buf
            .iter()
            .take_while(|b| **b == b'\r' || **b == b'\n')
            .count();
        if n == 0 {
            return Ok(());
        }
        r.consume(n);
    }
}

/// A record's named fields.
#[derive(Debug, Default)]
struct Header {
    fields: Vec<(String, String)>,
}

impl Header {
    /// The value of a field, by case-insensitive name.
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The block length; a record without one cannot be skipped, so the archive is unusable.
    fn content_length(&self) -> Result<u64, WarcError> {
        let v = self.get("Content-Length").ok_or(WarcError::NoLength)?;
        v.trim()
            .parse()
            .map_err(|_| WarcError::BadLength(v.to_string()))
    }

    /// The record type in lowercase (`response`, `request`, `warcinfo`…).
    fn warc_type(&self) -> String {
        self.get("WARC-Type")
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    }

    /// Records that can hold a page: responses, and resources (a page stored without HTTP).
    fn is_page_type(&self) -> bool {
        matches!(self.warc_type().as_str(), "response" | "resource")
    }

    /// The URI, without the angle brackets an early draft of the format put around it.
    fn target_uri(&self) -> Option<String> {
        let uri = self.get("WARC-Target-URI")?.trim();
        let uri = uri
            .strip_prefix('<')
            .and_then(|u| u.strip_suffix('>'))
            .unwrap_or(uri);
        (!uri.is_empty()).then(|| uri.to_string())
    }
}

/// Reads the version line and the fields up to the blank line; `None` at the end of the stream.
fn read_header(r: &mut impl BufRead) -> Result<Option<Header>, WarcError> {
    let Some(version) = read_line(r)? else {
        return Ok(None);
    };
    if !version.starts_with("WARC/") {
        return Err(WarcError::NoVersion);
    }
    let mut header = Header::default();
    for _ in 0..MAX_HEADER_LINES {
        let Some(line) = read_line(r)? else {
            return Err(WarcError::HeaderCut);
        };
        if line.is_empty() {
            return Ok(Some(header));
        }
        if let Some((k, v)) = line.split_once(':') {
            header
                .fields
                .push((k.trim().to_string(), v.trim().to_string()));
        } else if let Some(last) = header.fields.last_mut() {
            // A folded continuation line (leading whitespace) belongs to the field above.
            last.1.push(' ');
            last.1.push_str(line.trim());
        }
    }
    Err(WarcError::TooManyLines)
}

/// One line without its CR/LF; `None` at the end of the stream; an over-long line is an error.
fn read_line(r: &mut impl BufRead) -> Result<Option<String>, WarcError> {
    let mut buf = Vec::new();
    let n = r
        .take(MAX_LINE)
        .read_until(b'\n', &mut buf)
        .map_err(io_error)?;
    if n == 0 {
        return Ok(None);
    }
    if !buf.ends_with(b"\n") && n as u64 == MAX_LINE {
        return Err(WarcError::LineTooLong);
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// An HTTP response's head: where its body starts and the fields that matter here.
struct HttpHead {
    body_start: usize,
    content_type: Option<String>,
    chunked: bool,
    encoding: Option<String>,
}

/// Parses `HTTP/1.1 200 OK`, the fields and the blank line at the start of a block.
fn http_head(block: &[u8]) -> Option<HttpHead> {
    if !block.starts_with(b"HTTP/") {
        return None;
    }
    let end = find(block, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| find(block, b"\n\n").map(|i| i + 2))?;
    let text = String::from_utf8_lossy(&block[..end]);
    let mut head = HttpHead {
        body_start: end,
        content_type: None,
        chunked: false,
        encoding: None,
    };
    for line in text.lines().skip(1) {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim().to_ascii_lowercase();
        match k.trim().to_ascii_lowercase().as_str() {
            "content-type" => head.content_type = Some(v),
            "transfer-encoding" => head.chunked = v.contains("chunked"),
            "content-encoding" if v != "identity" => head.encoding = Some(v),
            _ => {}
        }
    }
    Some(head)
}

/// The first position of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// True when a record's block (its first bytes) holds an HTML page.
fn is_html(header: &Header, prefix: &[u8]) -> bool {
    if header.warc_type() == "resource" {
        return match header.get("Content-Type") {
            Some(t) if is_html_type(t) => true,
            _ => sniff_html(prefix),
        };
    }
    let Some(head) = http_head(prefix) else {
        return false;
    };
    match &head.content_type {
        Some(t) if !t.trim().is_empty() => is_html_type(t),
        // No declared type: look at the body, as a browser would.
        _ => head.encoding.is_none() && !head.chunked && sniff_html(&prefix[head.body_start..]),
    }
}

/// `text/html` or `application/xhtml+xml`, parameters aside.
fn is_html_type(t: &str) -> bool {
    let t = t
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    t == "text/html" || t == "application/xhtml+xml"
}

/// True when bytes look like the start of an HTML document.
fn sniff_html(body: &[u8]) -> bool {
    let start = &body[..body.len().min(1024)];
    let text = String::from_utf8_lossy(start).to_ascii_lowercase();
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    t.starts_with("<!doctype html") || t.starts_with("<html") || text.contains("<html")
}

/// The page inside a record's block.
fn payload(header: &Header, block: Vec<u8>) -> Result<Vec<u8>, WarcError> {
    if header.warc_type() == "resource" {
        return Ok(block);
    }
    let Some(head) = http_head(&block) else {
        return Err(WarcError::NoHttpResponse);
    };
    let mut body = block[head.body_start..].to_vec();
    if head.chunked {
        // Minimal: a body that does not parse as chunks is kept as it is.
        if let Some(joined) = dechunk(&body) {
            body = joined;
        }
    }
    match head.encoding.as_deref() {
        None => Ok(body),
        Some("gzip" | "x-gzip") => inflate(GzDecoder::new(&body[..])),
        Some("deflate") => inflate(flate2::bufread::ZlibDecoder::new(&body[..])),
        Some(other) => Err(WarcError::Encoding(other.to_string())),
    }
}

/// Reads a decoder to its end, within the page size limit.
fn inflate(decoder: impl Read) -> Result<Vec<u8>, WarcError> {
    let mut out = Vec::new();
    decoder
        .take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(WarcError::Inflate)?;
    if out.len() as u64 > MAX_RECORD_BYTES {
        return Err(WarcError::TooLarge {
            len: out.len() as u64,
        });
    }
    Ok(out)
}

/// Joins a chunked body (`size CRLF data CRLF … 0 CRLF CRLF`); `None` when it is not one.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let eol = find(rest, b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?;
        rest = rest.strip_prefix(b"\r\n").unwrap_or(rest);
    }
}

/// A reader that counts the bytes consumed through it.
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R> Counting<R> {
    fn new(inner: R) -> Self {
        Counting { inner, pos: 0 }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
        self.pos += n as u64;
    }
}

/// Decodes a multi-member gzip file like `MultiGzDecoder`, but notes where each member starts
/// in the file and in the decoded stream (pushed to `starts`), so records can be found again.
struct Members<R: BufRead> {
    decoder: Option<GzDecoder<Counting<R>>>,
    decoded: u64,
    starts: Rc<RefCell<Vec<(u64, u64)>>>,
}

impl<R: BufRead> Members<R> {
    fn new(inner: Counting<R>, starts: Rc<RefCell<Vec<(u64, u64)>>>) -> Self {
        Members {
            decoder: Some(GzDecoder::new(inner)),
            decoded: 0,
            starts,
        }
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(decoder) = self.decoder.as_mut() else {
                return Ok(0);
            };
            let n = decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                self.decoded += n as u64;
                return Ok(n);
            }
            // This member is done; another may follow right after its trailer.
            let Some(done) = self.decoder.take() else {
                return Ok(0);
            };
            let mut inner = done.into_inner();
            if inner.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.starts.borrow_mut().push((inner.pos, self.decoded));
            self.decoder = Some(GzDecoder::new(inner));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_shared_stream_under_a_small_limit_keeps_and_reads_no_record_over_it() {
        let page = |i: usize, size: usize| {
            let body = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>page {i}</p>{}</html>",
                "x".repeat(size)
            );
            record("response", &format!("http://p/{i}"), body.as_bytes())
        };
        // Records of 3 KB and of 300 KB, alternating, in one gzip stream, under a 10 KB limit.
        let recs: Vec<Vec<u8>> = (0..20)
            .map(|i| page(i, if i % 2 == 0 { 3_000 } else { 300_000 }))
            .collect();
        let p = tmp("shared-limit", &gz(&recs.concat()));
        let idx = index(&p);
        let deep: Vec<&RecordRef> = idx.records.iter().filter(|r| is_deep(r)).collect();
        assert!(deep.len() >= 18, "{}", deep.len());
        let stream = SharedStream::new(&p, deep.iter().map(|r| r.start));
        let limit = 10_000;
        // Asked for last, the stream passes every other record: it keeps only the small ones.
        let last = deep.len() - 1;
        let _ = stream.read(deep[last].start, limit);
        {
            let state = stream.0.state.lock().expect("not poisoned");
            assert!(
                state.kept_bytes <= limit * KEPT_PAGES,
                "{}",
                state.kept_bytes
            );
            assert!(
                state.kept.values().all(|p| kept_size(p) < limit),
                "no large page is kept, only the error saying it is too large"
            );
        }
        for (i, r) in deep.iter().enumerate().take(last) {
            let page = stream.read(r.start, limit);
            if r.length > limit {
                assert!(page.is_err(), "{i}");
            } else {
                assert!(page.is_ok_and(|b| b.len() < limit as usize), "{i}");
            }
        }
        let _ = std::fs::remove_file(&p);
    }

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).expect("gzip");
        e.finish().expect("gzip")
    }

    fn tmp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!("capcheck-warc-{}-{name}", std::process::id()));
        std::fs::write(&p, bytes).expect("write");
        p
    }

    const PAGE: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><p>hi</p></html>";

    #[test]
    fn pages_are_found_and_read_back_plain_and_per_member_and_single_stream() {
        let recs = [
            record("warcinfo", "", b"software: test"),
            record("response", "http://a/", PAGE),
            record("response", "http://img/", b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8"),
            record("response", "<http://b/>", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n5\r\n<html\r\n3\r\n><p\r\n0\r\n\r\n"),
        ];
        let plain: Vec<u8> = recs.concat();
        let members: Vec<u8> = recs.iter().flat_map(|r| gz(r)).collect();
        let single = gz(&plain);
        for (name, bytes) in [("plain", plain), ("members", members), ("single", single)] {
            let p = tmp(name, &bytes);
            let idx = index(&p);
            assert!(idx.error.is_none(), "{name}: {:?}", idx.error);
            assert_eq!(idx.skipped, 2, "{name}");
            let uris: Vec<&str> = idx.records.iter().map(|r| r.uri.as_str()).collect();
            assert_eq!(uris, ["http://a/", "http://b/"], "{name}");
            assert_eq!(
                read_record(&p, idx.records[0].at)
                    .as_deref()
                    .map_err(ToString::to_string),
                Ok(&b"<html><p>hi</p></html>"[..]),
                "{name}"
            );
            assert_eq!(
                read_record(&p, idx.records[1].at)
                    .as_deref()
                    .map_err(ToString::to_string),
                Ok(&b"<html><p"[..]),
                "{name}"
            );
            let _ = std::fs::remove_file(&p);
        }
    }

    #[test]
    fn a_shared_stream_reads_pages_in_any_order_within_or_past_its_memory_bound() {
        let mut recs = vec![record("warcinfo", "", b"software: test")];
        for i in 0..200 {
            let body = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>page {i}</p>{}</html>",
                "x".repeat(1000)
            );
            recs.push(record(
                "response",
                &format!("http://p/{i}"),
                body.as_bytes(),
            ));
        }
        let plain = recs.concat();
        let p = tmp("shared", &gz(&plain));
        let idx = index(&p);
        assert!(idx.error.is_none(), "{:?}", idx.error);
        assert_eq!(idx.records.len(), 200);
        let deep: Vec<&RecordRef> = idx.records.iter().filter(|r| is_deep(r)).collect();
        assert!(deep.len() > 100, "most records are deep in the one member");
        let want: Vec<Vec<u8>> = deep
            .iter()
            .map(|r| read_record(&p, r.at).expect("seek read"))
            .collect();
        // In order, reversed (every page kept on the way to the last), halves swapped as two
        // workers would ask, and with nothing kept (each page decoded from the start again).
        let n = deep.len();
        let orders: [Vec<usize>; 3] = [
            (0..n).collect(),
            (0..n).rev().collect(),
            (n / 2..n).chain(0..n / 2).collect(),
        ];
        for kept_max in [KEPT_MAX, 0] {
            for order in &orders {
                let stream = SharedStream::new(&p, deep.iter().map(|r| r.start));
                if let Ok(mut state) = stream.0.state.lock() {
                    state.kept_max = kept_max;
                }
                for &i in order {
                    assert_eq!(
                        stream
                            .read(deep[i].start, MAX_RECORD_BYTES)
                            .as_ref()
                            .map_err(ToString::to_string),
                        Ok(&want[i]),
                        "{i}"
                    );
                }
                let state = stream.0.state.lock().expect("not poisoned");
                assert!(state.kept.is_empty() && state.kept_bytes == 0);
                assert!(
                    state.reader.is_none(),
                    "the file is closed once all is read"
                );
            }
        }
        // A page asked for twice is decoded again; an offset that is no record is an error.
        let stream = SharedStream::new(&p, deep.iter().map(|r| r.start));
        assert_eq!(
            stream
                .read(deep[5].start, MAX_RECORD_BYTES)
                .as_ref()
                .map_err(ToString::to_string),
            Ok(&want[5])
        );
        assert_eq!(
            stream
                .read(deep[5].start, MAX_RECORD_BYTES)
                .as_ref()
                .map_err(ToString::to_string),
            Ok(&want[5])
        );
        assert!(stream.read(deep[5].start + 1, MAX_RECORD_BYTES).is_err());
        assert!(stream.read(u64::MAX, MAX_RECORD_BYTES).is_err());
        let _ = std::fs::remove_file(&p);
    }

    #[test]
    fn truncation_keeps_the_records_before() {
        let mut bytes: Vec<u8> = [
            record("response", "http://a/", PAGE),
            record("response", "http://b/", PAGE),
        ]
        .iter()
        .flat_map(|r| gz(r))
        .collect();
        bytes.truncate(bytes.len() - 20);
        let p = tmp("cut", &bytes);
        let idx = index(&p);
        assert_eq!(idx.records.len(), 1);
        assert!(
            matches!(idx.error, Some(WarcError::CompressedEnd(_))),
            "{idx:?}"
        );
        let _ = std::fs::remove_file(&p);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b"not a warc at all"[..],
            b"WARC/1.0\r\nContent-Length: x\r\n\r\n",
            b"\x1f\x8b\x08garbage",
            b"",
        ] {
            let p = tmp("garbage", bytes);
            let idx = index(&p);
            assert!(idx.records.is_empty());
            assert_eq!(idx.error.is_some(), !bytes.is_empty(), "{bytes:?}");
            let _ = read_record(&p, Position { offset: 3, skip: 7 });
            let _ = std::fs::remove_file(&p);
        }
    }

    #[test]
    fn gzip_content_encoding_is_undone() {
        let body = gz(b"<html>zipped</html>");
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        block.extend_from_slice(&body);
        let p = tmp("ce", &record("response", "http://z/", &block));
        let idx = index(&p);
        assert_eq!(
            read_record(&p, idx.records[0].at)
                .as_deref()
                .map_err(ToString::to_string),
            Ok(&b"<html>zipped</html>"[..])
        );
        let _ = std::fs::remove_file(&p);
    }
}
