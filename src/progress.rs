//! A progress line on stderr for long runs: `checked 1,234/20,000 documents · 850/s · ETA 22s`.
//!
//! Hand-written rather than `indicatif`: one line redrawn with a carriage return is all that is
//! needed, and workers only bump an atomic counter; whichever worker passes the next 100 ms
//! mark draws, so a fast scan is never held up by the terminal.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Runs with fewer documents than this finish too soon for a progress line to help.
pub const MIN_DOCUMENTS: usize = 20;

/// The shortest time between two redraws.
const REDRAW_MS: u64 = 100;

/// Counts finished documents and redraws the line at most every `REDRAW_MS`.
#[derive(Debug)]
pub struct Progress {
    total: usize,
    enabled: bool,
    done: AtomicUsize,
    start: Instant,
    next_draw_ms: AtomicU64,
    drawn: AtomicBool,
}

impl Progress {
    /// A progress line for `total` documents, drawn only when `on_terminal` (stderr is a
    /// terminal) and there are more than `MIN_DOCUMENTS`.
    pub fn new(total: usize, on_terminal: bool) -> Self {
        Progress {
            total,
            enabled: on_terminal && total > MIN_DOCUMENTS,
            done: AtomicUsize::new(0),
            start: Instant::now(),
            next_draw_ms: AtomicU64::new(REDRAW_MS),
            drawn: AtomicBool::new(false),
        }
    }

    /// One more document done; redraws when the last redraw is old enough.
    pub fn tick(&self) {
        if !self.enabled {
            return;
        }
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let now = self.start.elapsed().as_millis() as u64;
        let next = self.next_draw_ms.load(Ordering::Relaxed);
        // Only the worker that moves the mark draws: no lock, no two redraws at once.
        if now >= next
            && self
                .next_draw_ms
                .compare_exchange(next, now + REDRAW_MS, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            let line = line(done, self.total, self.start.elapsed());
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{line}\x1b[K");
            let _ = err.flush();
            self.drawn.store(true, Ordering::Relaxed);
        }
    }

    /// Clears the line, so the report or the next prompt starts on a clean line.
    pub fn finish(&self) {
        if self.drawn.load(Ordering::Relaxed) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

/// The text of the line after `elapsed`, with `done` of `total` documents checked.
pub fn line(done: usize, total: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let eta = if rate > 0.0 {
        format!(
            " · ETA {}",
            duration(total.saturating_sub(done) as f64 / rate)
        )
    } else {
        String::new()
    };
    format!(
        "checked {}/{} documents · {}/s{eta}",
        thousands(done),
        thousands(total),
        thousands(rate.round() as usize)
    )
}

/// `1234567` → `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `22s`, `3m05s`, `1h02m`.
fn duration(secs: f64) -> String {
    let s = secs.ceil() as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_reads_well() {
        assert_eq!(
            line(1234, 20_000, Duration::from_millis(1452)),
            "checked 1,234/20,000 documents · 850/s · ETA 23s"
        );
        assert_eq!(line(0, 5, Duration::ZERO), "checked 0/5 documents · 0/s");
        assert_eq!(duration(185.0), "3m05s");
        assert_eq!(duration(3720.0), "1h02m");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn silent_off_a_terminal_or_for_few_documents() {
        assert!(!Progress::new(1000, false).enabled);
        assert!(!Progress::new(MIN_DOCUMENTS, true).enabled);
        assert!(Progress::new(MIN_DOCUMENTS + 1, true).enabled);
    }
}
