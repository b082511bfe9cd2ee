//! Per-document limits, so that one pathological page cannot stall a scan of millions: how
//! many bytes a document may have, and how long checking it may take.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Nanoseconds the process has spent on its own work (reading the semantic model on first
/// need) while documents waited: a deadline does not count them against its document.
static EXCUSED_NANOS: AtomicU64 = AtomicU64::new(0);

/// Records time spent on the process's own work rather than a document's (see
/// [`Deadline::check`]): every deadline running meanwhile is moved back by it.
pub fn excuse(spent: Duration) {
    let nanos = u64::try_from(spent.as_nanos()).unwrap_or(u64::MAX);
    EXCUSED_NANOS.fetch_add(nanos, Ordering::Relaxed);
}

/// The process-wide excused time so far.
fn excused() -> u64 {
    EXCUSED_NANOS.load(Ordering::Relaxed)
}

/// What one document may cost (`--max-bytes`, `--time-budget`, or `capcheck.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Documents larger than this are refused before they are read.
    pub max_bytes: u64,
    /// Checking one document stops with an error once it has taken this long.
    pub time: Duration,
}

/// Default size limit: far above any real article page (the corpus tops out under 2 MB).
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;
/// Default time budget: a hundred times what the slowest real page takes.
pub const DEFAULT_TIME: Duration = Duration::from_secs(10);

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_bytes: DEFAULT_MAX_BYTES,
            time: DEFAULT_TIME,
        }
    }
}

/// A document went over its budget: callers tell "too slow" from "too large" by the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    /// The time budget ran out during `stage` (`"scoring"`, `"reading the image files"`…).
    #[error(
        "gave up while {stage}: checking this document took longer than its {:.1} s budget \
         (--time-budget)",
        budget.as_secs_f64()
    )]
    TimedOut {
        /// What the check was doing when the time ran out.
        stage: &'static str,
        /// The budget that ran out.
        budget: Duration,
    },
    /// The document's size is known and over the limit: it is refused before it is read.
    #[error("document is {} over the {} limit (--max-bytes)", human(*len), human(*max))]
    TooLarge {
        /// The document's size in bytes.
        len: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// A stream went on past the limit (its length was not known): reading stopped there.
    #[error(
        "document is over the {} limit (--max-bytes); reading stopped there",
        human(*max)
    )]
    TooLargeUnread {
        /// The limit in bytes.
        max: u64,
    },
}

/// A `--max-bytes` or `--time-budget` value (or the config's) that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// Not digits with an optional K, M or G.
    #[error("not a size: {0:?} (try 64M, 512K or 1G)")]
    NotASize(String),
    /// Zero, or more bytes than a `u64` holds.
    #[error("size out of range: {0:?}")]
    SizeOutOfRange(String),
    /// Not a number.
    #[error("not a number of seconds: {0:?}")]
    NotSeconds(String),
    /// Not above 0 and at most a day.
    #[error("time budget out of range: {0:?} (between 0 and 86400 seconds)")]
    SecondsOutOfRange(String),
}

impl BudgetError {
    /// True when the time ran out (`--time-budget`), not the size.
    pub fn is_timeout(&self) -> bool {
        matches!(self, BudgetError::TimedOut { .. })
    }
}

impl Budget {
    /// The error for a document over the size limit.
    pub fn too_large(&self, len: u64) -> BudgetError {
        BudgetError::TooLarge {
            len,
            max: self.max_bytes,
        }
    }

    /// The error for a stream that goes on past the limit (its length is not known).
    pub fn too_large_unread(&self) -> BudgetError {
        BudgetError::TooLargeUnread {
            max: self.max_bytes,
        }
    }

    /// The deadline for a document whose check starts now.
    pub fn start(&self) -> Deadline {
        Deadline {
            at: Instant::now().checked_add(self.time),
            budget: self.time,
            excused_at_start: excused(),
        }
    }
}

/// When one document's check must stop; checked between stages and inside the long loops.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: Option<Instant>,
    budget: Duration,
    /// [`excused`] when the deadline was set: what is added later moves it back.
    excused_at_start: u64,
}

impl Deadline {
    /// A deadline that never passes (library calls without a budget).
    pub fn never() -> Self {
        Deadline {
            at: None,
            budget: Duration::MAX,
            excused_at_start: 0,
        }
    }

    /// [`BudgetError::TimedOut`] naming the stage when the time is up.
    pub fn check(&self, stage: &'static str) -> Result<(), BudgetError> {
        let moved = |at: Instant| {
            let extra = excused().saturating_sub(self.excused_at_start);
            at.checked_add(Duration::from_nanos(extra)).unwrap_or(at)
        };
        match self.at {
            Some(at) if Instant::now() >= moved(at) => Err(BudgetError::TimedOut {
                stage,
                budget: self.budget,
            }),
            _ => Ok(()),
        }
    }
}

/// Parses a size such as `64M`, `512K`, `1G` or `1000000` (bytes; K, M and G are powers of 1024).
pub fn parse_size(s: &str) -> Result<u64, ValueError> {
    let t = s.trim();
    let (digits, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| ValueError::NotASize(s.to_string()))?;
    let shift = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches(['B', 'I'])
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return Err(ValueError::NotASize(s.to_string())),
    };
    n.checked_mul(1 << shift)
        .filter(|&b| b > 0)
        .ok_or_else(|| ValueError::SizeOutOfRange(s.to_string()))
}

/// Parses a time budget in seconds (`10`, `2.5`).
pub fn parse_seconds(s: &str) -> Result<Duration, ValueError> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| ValueError::NotSeconds(s.to_string()))?;
    if !(secs > 0.0 && secs <= 86_400.0) {
        return Err(ValueError::SecondsOutOfRange(s.to_string()));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `64 MB`, `512 KB`, `900 bytes`.
fn human(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{} MB", n >> 20)
    } else if n >= 1 << 10 {
        format!("{} KB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1GB"), Ok(1 << 30));
        assert_eq!(parse_size("2MiB"), Ok(2 << 20));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5T").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }

    #[test]
    fn seconds_parse_and_deadlines_pass() {
        assert_eq!(parse_seconds("2.5"), Ok(Duration::from_millis(2500)));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("NaN").is_err());
        assert!(Deadline::never().check("scoring").is_ok());
        let spent = Budget {
            time: Duration::from_nanos(1),
            ..Budget::default()
        }
        .start();
        std::thread::sleep(Duration::from_millis(2));
        let e = spent.check("scoring").unwrap_err();
        assert!(
            matches!(
                e,
                BudgetError::TimedOut {
                    stage: "scoring",
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().starts_with(
            "gave up while scoring: checking this document took longer than its 0.0 s budget"
        ));
    }
}
