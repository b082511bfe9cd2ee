//! The JSONL report, for pipelines: one JSON object per document per line (the same object as
//! in the JSON report's `documents`), then one last line `{"summary": …, "tool": …}`.
//! `JsonlWriter` writes it as documents finish, so a scan never holds the whole archive.

use std::io::{self, Write};

use serde::Serialize;

use crate::result::{DocumentReport, Report, Summary, Tool};

/// The last line of a JSONL report: the counts over the run, and which tool wrote it.
#[derive(Debug, Serialize)]
struct SummaryLine<'a> {
    summary: &'a Summary,
    tool: &'a Tool,
}

/// Renders a whole report as JSONL (the same bytes the streaming writer produces).
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for doc in &report.documents {
        out.push_str(&document_line(doc));
    }
    out.push_str(&summary_line(&report.summary, &report.tool));
    out
}

/// One document as a single line of JSON, ending with a newline.
pub fn document_line(doc: &DocumentReport) -> String {
    // serde_json escapes newlines inside strings, so the object is always one line; the result
    // types always serialise (string keys, plain values), so the fallback is never taken.
    let mut s = serde_json::to_string(doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The closing summary line, ending with a newline.
pub fn summary_line(summary: &Summary, tool: &Tool) -> String {
    let mut s = serde_json::to_string(&SummaryLine { summary, tool }).unwrap_or_default();
    s.push('\n');
    s
}

/// Writes a JSONL report incrementally: each document as it comes, the summary at the end.
pub struct JsonlWriter<W: Write> {
    out: W,
    summary: Summary,
}

impl<W: Write> JsonlWriter<W> {
    /// A writer that has written nothing yet.
    pub fn new(out: W) -> Self {
        JsonlWriter {
            out,
            summary: Summary::default(),
        }
    }

    /// Writes one document's line and counts it; flushed so a reader downstream sees it now.
    pub fn write_document(&mut self, doc: &DocumentReport) -> io::Result<()> {
        self.summary.add(doc);
        self.out.write_all(document_line(doc).as_bytes())?;
        self.out.flush()
    }

    /// The counts so far, for totals the documents do not carry (skipped archive records).
    pub fn summary_mut(&mut self) -> &mut Summary {
        &mut self.summary
    }

    /// Writes the summary line and hands back the counts.
    pub fn finish(mut self) -> io::Result<Summary> {
        self.out
            .write_all(summary_line(&self.summary, &Tool::default()).as_bytes())?;
        self.out.flush()?;
        Ok(self.summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<DocumentReport> {
        let mut ok = DocumentReport::failed("a.html".into(), String::new());
        ok.error = None;
        ok.title = Some("Two\nlines".into());
        vec![
            ok,
            DocumentReport::failed("b.html".into(), "no such file".into()),
        ]
    }

    #[test]
    fn one_object_per_line_then_the_summary() {
        let text = render(&Report::new(docs()));
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[0]["path"], "a.html");
        assert_eq!(lines[0]["title"], "Two\nlines");
        assert_eq!(lines[1]["error"], "no such file");
        assert_eq!(lines[2]["summary"]["documents"], 2);
        assert_eq!(lines[2]["summary"]["errors"], 1);
        assert_eq!(lines[2]["tool"]["name"], "capcheck");
    }

    #[test]
    fn streaming_writes_what_render_does() {
        let mut buf = Vec::new();
        let mut w = JsonlWriter::new(&mut buf);
        for d in docs() {
            w.write_document(&d).expect("write");
        }
        let summary = w.finish().expect("finish");
        assert_eq!(summary, Report::new(docs()).summary);
        assert_eq!(
            String::from_utf8(buf).expect("utf-8"),
            render(&Report::new(docs()))
        );
    }
}
