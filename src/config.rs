//! `capcheck.toml`: the settings a repository keeps beside its pages (what to check, when to
//! fail, which rules to silence where). Found in the working directory or its parents.
//!
//! Parsed with the `toml` crate rather than by hand: people write real TOML (multi-line
//! arrays, quoting, comments) and expect it to work, and serde's `deny_unknown_fields` gives
//! the "unknown key" error with its line for free.
//!
//! Errors name the file, the line and what is wrong, never what the line holds: the file may
//! be a link to a secret, and the error is printed where CI logs keep it.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::types::{PageKind, RemoteImages, Rule, Severity};

/// The lowest severity that makes a run fail (`--fail-on`, `fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Fail on errors only.
    #[default]
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Never fail because of findings (unreadable documents still exit 2).
    Never,
}

impl FailOn {
    /// True when a finding of this severity makes the run fail.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Never => false,
        }
    }
}

/// The file name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "capcheck.toml";

/// The file as written; every key is optional and no other key is allowed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    fail_on: Option<Spanned<String>>,
    rules: Option<Spanned<PathBuf>>,
    max_bytes: Option<Spanned<String>>,
    time_budget: Option<Spanned<f64>>,
    semantic: Option<bool>,
    report_images: Option<Spanned<String>>,
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<RawIgnore>,
    #[serde(default)]
    extensions: std::collections::BTreeMap<String, Spanned<String>>,
}

/// One `[[ignore]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    path: Spanned<String>,
    rules: Option<Vec<Spanned<String>>>,
}

/// Rules silenced for the documents whose path matches a glob.
#[derive(Debug, Clone)]
pub struct PathIgnore {
    glob: GlobMatcher,
    /// The rules silenced there; empty means every rule.
    pub rules: Vec<Rule>,
}

/// A loaded configuration. Globs match paths relative to the config file's directory, with
/// `/` separators: `*` stays inside one folder, `**` crosses folders.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it was read from.
    pub path: PathBuf,
    /// The directory globs and the rules directory are relative to.
    pub dir: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// `fail-on`, when set.
    pub fail_on: Option<FailOn>,
    /// `rules`: an extra rules directory, resolved against `dir`.
    pub rules: Option<PathBuf>,
    /// `max-bytes` (`"64M"`): the per-document size limit, when set.
    pub max_bytes: Option<u64>,
    /// `time-budget` (seconds): the per-document time limit, when set.
    pub time_budget: Option<std::time::Duration>,
    /// `semantic` (`false` is `--no-semantic`), when set.
    pub semantic: Option<bool>,
    /// `report-images` (`"local"` or `"remote"`): whether the HTML report loads web images.
    pub report_images: Option<RemoteImages>,
    /// `disable`: rules never reported.
    pub disable: Vec<Rule>,
    /// `[[ignore]]`: rules silenced per path.
    pub ignores: Vec<PathIgnore>,
    /// `[extensions]`: more file extensions the walk reads (lowercase, without the dot),
    /// with the parser each needs (`mdoc = "markdown"`).
    pub extensions: Vec<(String, PageKind)>,
}

/// The nearest `capcheck.toml` in `start` or one of its parents.
pub fn find(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        // The repository's root is as far as a repository's config can be: a file in a shared
        // folder above it belongs to no one in particular and must not silence its rules.
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// A config this large is not a config: reading it would only cost memory.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// A config file that cannot be used: unreadable, or a mistake in it. Every message names the
/// file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the config {}: {source}", path.display())]
    Read {
        /// The config file.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// A directory, a pipe or a device.
    #[error("cannot read the config {}: not a regular file", path.display())]
    NotAFile {
        /// The config file.
        path: PathBuf,
    },
    /// Over [`MAX_CONFIG_BYTES`].
    #[error(
        "cannot read the config {}: over the {} MB a config may have",
        path.display(),
        MAX_CONFIG_BYTES >> 20
    )]
    TooLarge {
        /// The config file.
        path: PathBuf,
    },
    /// The file reads, but what it says is wrong.
    #[error("in the config {}: {mistake}", path.display())]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// What is wrong, and on which line.
        #[source]
        mistake: Mistake,
    },
}

/// What is wrong in a config's text, by line and key, never quoting what the line holds: the
/// file may be a link to a secret, and the error is printed where CI logs keep it. (So the
/// `toml` error, which quotes the line, is not kept as a source.)
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Mistake {
    /// Not TOML, or a key or type a config does not have; the message has the quotes hidden.
    #[error("{}", at_line(*.line, .message))]
    Toml {
        /// The line, when the parser gives one.
        line: Option<usize>,
        /// The parser's message with what the file holds hidden.
        message: String,
    },
    /// `fail-on` is none of its words.
    #[error("line {line}: fail-on must be \"error\", \"warning\" or \"never\"")]
    FailOn {
        /// Its line.
        line: usize,
    },
    /// `max-bytes` is not a size.
    #[error("line {line}: max-bytes is not a size above zero (try \"64M\", \"512K\" or \"1G\")")]
    MaxBytes {
        /// Its line.
        line: usize,
    },
    /// `time-budget` is out of range.
    #[error("line {line}: time-budget must be seconds between 0 and 86400")]
    TimeBudget {
        /// Its line.
        line: usize,
    },
    /// `report-images` is none of its words.
    #[error("line {line}: report-images must be \"local\" or \"remote\"")]
    ReportImages {
        /// Its line.
        line: usize,
    },
    /// An `[extensions]` value names no parser.
    #[error(
        "line {line}: an [extensions] parser must be \"html\", \"text\", \"markdown\" or \"mdx\""
    )]
    Parser {
        /// Its line.
        line: usize,
    },
    /// `rules` is absolute or climbs out of the config's folder.
    #[error(
        "line {line}: rules must be a folder inside the config's folder (no absolute path, no ..)"
    )]
    RulesOutside {
        /// Its line.
        line: usize,
    },
    /// `rules` is a link that leads out of the config's folder.
    #[error("line {line}: rules is a link to a folder outside the config's folder")]
    RulesLinkOutside {
        /// Its line.
        line: usize,
    },
    /// A pattern of `key` does not parse as a glob.
    #[error(
        "line {line}: {key} holds a pattern that is not a glob (an unclosed [ or {{, a bad range)"
    )]
    NotAGlob {
        /// Its line.
        line: usize,
        /// The key that holds it.
        key: &'static str,
    },
    /// The globs of `key` do not build into one set.
    #[error("{key}: the globs cannot be combined")]
    Globs {
        /// The key that holds them.
        key: &'static str,
    },
    /// A name in `key` is no rule's id.
    #[error(
        "line {line}: {key} holds a name that is no rule (known rules: {})",
        Rule::ids()
    )]
    NoRule {
        /// Its line.
        line: usize,
        /// The key that holds it.
        key: &'static str,
    },
}

/// `line N: message`, or the message alone when the line is not known.
fn at_line(line: Option<usize>, message: &str) -> String {
    match line {
        Some(n) => format!("line {n}: {message}"),
        None => message.to_string(),
    }
}

/// Reads and checks a config file (a regular file of at most [`MAX_CONFIG_BYTES`]); every
/// problem is an error naming the file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    use std::io::Read;
    let cannot = |source| ConfigError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if !meta.is_file() {
        return Err(ConfigError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(ConfigError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES).read_to_string(&mut text))
        .map_err(cannot)?;
    parse(&text, path).map_err(|mistake| ConfigError::Invalid {
        path: path.to_path_buf(),
        mistake,
    })
}

/// The line number (from 1) of a byte offset into `text`.
fn line_of(text: &str, at: usize) -> usize {
    let before = text.as_bytes().get(..at).unwrap_or(text.as_bytes());
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// The keys a config may have, and words of TOML's grammar: what an error may quote.
const SAYABLE: &[&str] = &[
    "include",
    "exclude",
    "fail-on",
    "rules",
    "max-bytes",
    "time-budget",
    "semantic",
    "report-images",
    "disable",
    "ignore",
    "extensions",
    "path",
    "true",
    "false",
];

/// A TOML or serde error on one line, its quoted parts hidden unless they are keys a config may
/// have or punctuation (`unknown field `secret`, expected one of `include`, …` keeps the list
/// and hides the field): such messages quote what the file holds.
fn toml_error(text: &str, e: &toml::de::Error) -> Mistake {
    let mut out = String::new();
    let mut rest = e.message();
    while let Some(open) = rest.find(['`', '"']) {
        out.push_str(&rest[..open]);
        let quote = &rest[open..=open];
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            rest = "";
            break;
        };
        let inner = &after[..close];
        let sayable = SAYABLE.contains(&inner)
            || (inner.chars().count() <= 2 && !inner.chars().any(char::is_alphanumeric));
        out.push_str(quote);
        out.push_str(if sayable { inner } else { "…" });
        out.push_str(quote);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Mistake::Toml {
        line: e.span().map(|span| line_of(text, span.start)),
        message: out.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Parses config text; `path` is where it came from (relative paths in it are resolved
/// against its directory).
pub fn parse(text: &str, path: &Path) -> Result<Config, Mistake> {
    let raw: Raw = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
    let dir = absolute(path.parent().unwrap_or(Path::new(".")));
    let at = |v_span: std::ops::Range<usize>| line_of(text, v_span.start);
    // Fields in the order their mistakes are looked for: the first one is the one reported.
    Ok(Config {
        path: path.to_path_buf(),
        fail_on: raw.fail_on.as_ref().map(|v| fail_on(text, v)).transpose()?,
        max_bytes: raw
            .max_bytes
            .as_ref()
            .map(|v| {
                crate::budget::parse_size(v.get_ref())
                    .map_err(|_| Mistake::MaxBytes { line: at(v.span()) })
            })
            .transpose()?,
        time_budget: raw
            .time_budget
            .as_ref()
            .map(|v| {
                crate::budget::parse_seconds(&v.get_ref().to_string())
                    .map_err(|_| Mistake::TimeBudget { line: at(v.span()) })
            })
            .transpose()?,
        report_images: raw
            .report_images
            .as_ref()
            .map(|v| report_images(text, v))
            .transpose()?,
        disable: rule_ids(text, "disable", &raw.disable)?,
        ignores: ignores(text, &raw.ignore)?,
        extensions: extensions(text, &raw.extensions)?,
        include: raw
            .include
            .as_deref()
            .map(|p| glob_set(text, "include", p))
            .transpose()?,
        exclude: raw
            .exclude
            .as_deref()
            .map(|p| glob_set(text, "exclude", p))
            .transpose()?,
        rules: raw
            .rules
            .as_ref()
            .map(|r| rules_dir(&dir, r.get_ref(), at(r.span())))
            .transpose()?,
        semantic: raw.semantic,
        dir,
    })
}

/// `fail-on`: one of its three words.
fn fail_on(text: &str, v: &Spanned<String>) -> Result<FailOn, Mistake> {
    match v.get_ref().as_str() {
        "error" => Ok(FailOn::Error),
        "warning" => Ok(FailOn::Warning),
        "never" => Ok(FailOn::Never),
        _ => Err(Mistake::FailOn {
            line: line_of(text, v.span().start),
        }),
    }
}

/// `report-images`: `local` (placeholders for web images) or `remote` (loaded).
fn report_images(text: &str, v: &Spanned<String>) -> Result<RemoteImages, Mistake> {
    match v.get_ref().as_str() {
        "local" => Ok(RemoteImages::Placeholder),
        "remote" => Ok(RemoteImages::Load),
        _ => Err(Mistake::ReportImages {
            line: line_of(text, v.span().start),
        }),
    }
}

/// The `[[ignore]]` tables: a glob and the rules it silences (every rule when none are named).
fn ignores(text: &str, raw: &[RawIgnore]) -> Result<Vec<PathIgnore>, Mistake> {
    raw.iter()
        .map(|ig| {
            let rules = rule_ids(
                text,
                "[[ignore]] rules",
                ig.rules.as_deref().unwrap_or_default(),
            )?;
            Ok(PathIgnore {
                glob: glob(text, "[[ignore]] path", &ig.path)?.compile_matcher(),
                rules,
            })
        })
        .collect()
}

/// `[extensions]`: lowercase extensions without the dot, each with the parser it names.
fn extensions(
    text: &str,
    raw: &std::collections::BTreeMap<String, Spanned<String>>,
) -> Result<Vec<(String, PageKind)>, Mistake> {
    raw.iter()
        .map(|(ext, kind)| {
            let parser = PageKind::from_name(kind.get_ref()).ok_or(Mistake::Parser {
                line: line_of(text, kind.span().start),
            })?;
            Ok((ext.trim_start_matches('.').to_ascii_lowercase(), parser))
        })
        .collect()
}

impl Config {
    /// True when a document found in a directory walk is to be checked: it matches `include`
    /// (when given) and not `exclude`.
    pub fn keeps(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.include.as_ref().is_none_or(|s| s.is_match(&rel))
            && !self.exclude.as_ref().is_some_and(|s| s.is_match(&rel))
    }

    /// True when `rule` is silenced for the document at `path` (by `disable` or `[[ignore]]`).
    pub fn silences(&self, path: &Path, rule: Rule) -> bool {
        if self.disable.contains(&rule) {
            return true;
        }
        if self.ignores.is_empty() {
            return false;
        }
        let rel = self.relative(path);
        self.ignores
            .iter()
            .any(|i| i.glob.is_match(&rel) && (i.rules.is_empty() || i.rules.contains(&rule)))
    }

    /// The path relative to the config's directory with `/` separators; a path outside that
    /// directory stays absolute (so `**/x/**` still matches it).
    fn relative(&self, path: &Path) -> String {
        let abs = absolute(path);
        match abs.strip_prefix(&self.dir) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => abs.to_string_lossy().replace('\\', "/"),
        }
    }
}

/// An absolute, lexically normalised path (no `.`, `..` folded): no file system access, so
/// it works for paths that do not exist and does not resolve symlinks.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The `rules` folder of a config: a relative path that stays inside the config's folder, so
/// that a repository's config cannot make capcheck read files elsewhere on the machine (the
/// command line's `--rules` may name any folder: that is the user's own choice).
fn rules_dir(dir: &Path, rules: &Path, line: usize) -> Result<PathBuf, Mistake> {
    let inside = rules.is_relative()
        && rules
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        return Err(Mistake::RulesOutside { line });
    }
    let joined = dir.join(rules);
    // A folder that is a link out of the config's folder is outside it too.
    if let (Ok(real), Ok(base)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(dir)) {
        if !real.starts_with(&base) {
            return Err(Mistake::RulesLinkOutside { line });
        }
    }
    Ok(joined)
}

/// One glob of `key`, gitignore-like: `*` does not cross `/`.
fn glob(text: &str, key: &'static str, pattern: &Spanned<String>) -> Result<Glob, Mistake> {
    GlobBuilder::new(pattern.get_ref().trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map_err(|_| Mistake::NotAGlob {
            line: line_of(text, pattern.span().start),
            key,
        })
}

/// The set of globs of `key`.
fn glob_set(
    text: &str,
    key: &'static str,
    patterns: &[Spanned<String>],
) -> Result<GlobSet, Mistake> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(glob(text, key, p)?);
    }
    b.build().map_err(|_| Mistake::Globs { key })
}

/// The rules of a list of ids; an id that names no rule is an error (a typo would otherwise
/// silence nothing, silently).
fn rule_ids(text: &str, key: &'static str, ids: &[Spanned<String>]) -> Result<Vec<Rule>, Mistake> {
    ids.iter()
        .map(|id| {
            Rule::from_id(id.get_ref()).ok_or_else(|| Mistake::NoRule {
                line: line_of(text, id.span().start),
                key,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The config `text` would be, or its error as the user reads it.
    fn cfg(text: &str) -> Result<Config, String> {
        parse(text, Path::new("/repo/capcheck.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn globs_are_relative_to_the_config_dir() {
        let c = cfg("include = [\"site/**\"]\nexclude = [\"site/drafts/**\", \"**/*.txt\"]\n")
            .expect("parses");
        assert!(c.keeps(Path::new("/repo/site/a.html")));
        assert!(c.keeps(Path::new("/repo/site/./x/../b.html")));
        assert!(!c.keeps(Path::new("/repo/site/drafts/a.html")));
        assert!(!c.keeps(Path::new("/repo/site/deep/a.txt")));
        assert!(!c.keeps(Path::new("/repo/other/a.html")));
    }

    #[test]
    fn ignores_and_disable() {
        let c = cfg(
            "disable = [\"caption-stale-date\"]\n[[ignore]]\npath = \"old/**\"\nrules = [\"caption-entity-mismatch\"]\n[[ignore]]\npath = \"all/*.html\"\n",
        )
        .expect("parses");
        assert!(c.silences(Path::new("/repo/x.html"), Rule::StaleDate));
        assert!(c.silences(Path::new("/repo/old/y/x.html"), Rule::EntityMismatch));
        assert!(!c.silences(Path::new("/repo/old/x.html"), Rule::DateAfterPublication));
        assert!(c.silences(Path::new("/repo/all/x.html"), Rule::DateAfterPublication));
        assert!(!c.silences(Path::new("/repo/all/sub/x.html"), Rule::EntityMismatch));
    }

    /// Each mistake is told by its line and what is wrong, never by what the line holds: the
    /// file may be a link to a secret, and errors end up in CI logs.
    #[test]
    fn mistakes_are_told_by_line_without_quoting_the_file() {
        let secret = "tok3n-Xq9";
        for (text, line, what) in [
            (format!("# a\n{secret} = []"), 2, "unknown field"),
            (
                format!("[[ignore]]\npath = \"a\"\n{secret} = [\"x\"]"),
                3,
                "unknown field",
            ),
            (format!("fail-on = \"{secret}\""), 1, "fail-on must be"),
            (format!("\ndisable = [\n\"{secret}\"]"), 3, "no rule"),
            (format!("include = [\"a/[{secret}\"]"), 1, "not a glob"),
            (format!("semantic = \"{secret}\""), 1, "invalid type"),
            (format!("max-bytes = \"{secret}\""), 1, "not a size"),
            (
                format!("rules = \"/{secret}\""),
                1,
                "inside the config's folder",
            ),
            (format!("[extensions]\nmdoc = \"{secret}\""), 2, "must be"),
            (format!("fail-on = {secret}"), 1, ""),
            (format!("fail-on = \"never\"\n{secret}"), 2, ""),
            (format!("\"{secret}\" = 1\n\"{secret}\" = 2"), 2, ""),
        ] {
            let e = cfg(&text).expect_err(&text);
            assert!(!e.contains(secret) && !e.contains("tok3n"), "{text}: {e}");
            assert!(e.contains(&format!("line {line}:")), "{text}: {e}");
            assert!(e.contains(what), "{text}: {e}");
        }
        // The keys a config may have are still listed as the expected ones, every one of them.
        let e = cfg("exlude = []").expect_err("unknown key");
        assert!(e.contains("`exclude`") && !e.contains("exlude"), "{e}");
        assert!(
            e.contains("`report-images`") && !e.contains("`…`, `disable`"),
            "{e}"
        );
    }

    #[test]
    fn rules_dir_is_relative_to_the_config() {
        let b = cfg("max-bytes = \"2M\"\ntime-budget = 1.5").expect("parses");
        assert_eq!(b.max_bytes, Some(2 << 20));
        assert_eq!(b.time_budget, Some(std::time::Duration::from_millis(1500)));
        assert_eq!(b.semantic, None);
        assert_eq!(b.report_images, None);
        assert_eq!(
            cfg("report-images = \"remote\"")
                .expect("parses")
                .report_images,
            Some(RemoteImages::Load)
        );
        let e = cfg("report-images = \"all\"").unwrap_err();
        assert!(
            e.contains("line 1: report-images must be \"local\" or \"remote\"")
                && !e.contains("all"),
            "{e}"
        );
        assert_eq!(
            cfg("semantic = false").expect("parses").semantic,
            Some(false)
        );
        assert!(cfg("max-bytes = \"huge\"")
            .expect_err("bad size")
            .contains("max-bytes"));
        assert!(cfg("time-budget = -2")
            .expect_err("bad time")
            .contains("time-budget"));
        let c = cfg("rules = \"extra\"\nfail-on = \"warning\"").expect("parses");
        assert_eq!(c.rules, Some(PathBuf::from("/repo/extra")));
        assert_eq!(c.fail_on, Some(FailOn::Warning));
    }

    #[test]
    fn extensions_map_to_parsers() {
        let c = cfg("[extensions]\nmdoc = \"markdown\"\n\".Page\" = \"html\"\n").expect("parses");
        assert_eq!(
            c.extensions,
            vec![
                ("page".to_string(), PageKind::Html),
                ("mdoc".to_string(), PageKind::Markdown)
            ]
        );
        let e = cfg("[extensions]\nmdoc = \"word\"").expect_err("bad kind");
        assert!(e.contains("line 2") && !e.contains("word"), "{e}");
    }
}
