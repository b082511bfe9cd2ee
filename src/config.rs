//! `capcheck.toml`: the settings a repository keeps beside its pages (what to check, when to
//! fail, which rules to silence where). Found in the working directory or its parents.
//!
//! Parsed with the `toml` crate rather than by hand: people write real TOML (multi-line
//! arrays, quoting, comments) and expect it to work, and serde's `deny_unknown_fields` gives
//! the "unknown key" error with its line for free.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;

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
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    fail_on: Option<String>,
    rules: Option<PathBuf>,
    max_bytes: Option<String>,
    time_budget: Option<f64>,
    semantic: Option<bool>,
    report_images: Option<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    ignore: Vec<RawIgnore>,
    #[serde(default)]
    extensions: std::collections::BTreeMap<String, String>,
}

/// One `[[ignore]]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIgnore {
    path: String,
    rules: Option<Vec<String>>,
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

/// Reads and checks a config file; every problem is an error naming the file.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the config {}: {e}", path.display()))?;
    parse(&text, path).map_err(|e| format!("in the config {}: {e}", path.display()))
}

/// Parses config text; `path` is where it came from (relative paths in it are resolved
/// against its directory).
pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
    let raw: Raw = toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
    let dir = absolute(path.parent().unwrap_or(Path::new(".")));
    let fail_on = match raw.fail_on.as_deref() {
        None => None,
        Some("error") => Some(FailOn::Error),
        Some("warning") => Some(FailOn::Warning),
        Some("never") => Some(FailOn::Never),
        Some(other) => {
            return Err(format!(
                "fail-on = \"{other}\": expected \"error\", \"warning\" or \"never\""
            ))
        }
    };
    let max_bytes = raw
        .max_bytes
        .as_deref()
        .map(crate::budget::parse_size)
        .transpose()
        .map_err(|e| format!("max-bytes: {e}"))?;
    let time_budget = raw
        .time_budget
        .map(|t| crate::budget::parse_seconds(&t.to_string()))
        .transpose()
        .map_err(|e| format!("time-budget: {e}"))?;
    let report_images = match raw.report_images.as_deref() {
        None => None,
        Some("local") => Some(RemoteImages::Placeholder),
        Some("remote") => Some(RemoteImages::Load),
        Some(other) => {
            return Err(format!(
                "report-images = \"{other}\": expected \"local\" or \"remote\""
            ))
        }
    };
    let disable = rule_ids("disable", &raw.disable)?;
    let mut ignores = Vec::new();
    for ig in &raw.ignore {
        let rules = rule_ids("[[ignore]] rules", ig.rules.as_deref().unwrap_or_default())?;
        ignores.push(PathIgnore {
            glob: glob(&ig.path)?.compile_matcher(),
            rules,
        });
    }
    let mut extensions = Vec::new();
    for (ext, kind) in &raw.extensions {
        let Some(kind) = PageKind::from_name(kind) else {
            return Err(format!(
                "[extensions] {ext} = \"{kind}\": expected \"html\", \"text\", \"markdown\" or \"mdx\""
            ));
        };
        extensions.push((ext.trim_start_matches('.').to_ascii_lowercase(), kind));
    }
    Ok(Config {
        path: path.to_path_buf(),
        extensions,
        include: raw.include.as_deref().map(glob_set).transpose()?,
        exclude: raw.exclude.as_deref().map(glob_set).transpose()?,
        fail_on,
        rules: raw
            .rules
            .as_deref()
            .map(|r| rules_dir(&dir, r))
            .transpose()?,
        max_bytes,
        time_budget,
        semantic: raw.semantic,
        report_images,
        disable,
        ignores,
        dir,
    })
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
fn rules_dir(dir: &Path, rules: &Path) -> Result<PathBuf, String> {
    let inside = rules.is_relative()
        && rules
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        return Err(format!(
            "rules = \"{}\": must be a folder inside the config's folder (no absolute path, no ..)",
            rules.display()
        ));
    }
    let joined = dir.join(rules);
    // A folder that is a link out of the config's folder is outside it too.
    if let (Ok(real), Ok(base)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(dir)) {
        if !real.starts_with(&base) {
            return Err(format!(
                "rules = \"{}\": a link to a folder outside the config's folder",
                rules.display()
            ));
        }
    }
    Ok(joined)
}

/// One glob, gitignore-like: `*` does not cross `/`.
fn glob(pattern: &str) -> Result<Glob, String> {
    GlobBuilder::new(pattern.trim_start_matches("./"))
        .literal_separator(true)
        .build()
        .map_err(|e| format!("bad glob '{pattern}': {e}"))
}

/// A set of globs.
fn glob_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(glob(p)?);
    }
    b.build().map_err(|e| e.to_string())
}

/// The rules of a list of ids; an id that names no rule is an error (a typo would otherwise
/// silence nothing, silently).
fn rule_ids(key: &str, ids: &[String]) -> Result<Vec<Rule>, String> {
    ids.iter()
        .map(|id| {
            Rule::from_id(id).ok_or_else(|| {
                format!("{key}: no rule named '{id}' (known rules: {})", Rule::ids())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Result<Config, String> {
        parse(text, Path::new("/repo/capcheck.toml"))
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

    #[test]
    fn mistakes_are_named() {
        let e = cfg("exclud = []").expect_err("unknown key");
        assert!(e.contains("exclud"), "{e}");
        let e = cfg("[[ignore]]\npath = \"a\"\nrule = [\"x\"]").expect_err("unknown key");
        assert!(e.contains("rule"), "{e}");
        let e = cfg("fail-on = \"sometimes\"").expect_err("bad value");
        assert!(e.contains("sometimes"), "{e}");
        let e = cfg("disable = [\"caption-nonsense\"]").expect_err("bad rule");
        assert!(e.contains("caption-nonsense"), "{e}");
        let e = cfg("include = [\"a/[\"]").expect_err("bad glob");
        assert!(e.contains("a/["), "{e}");
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
        assert!(cfg("report-images = \"all\"")
            .unwrap_err()
            .contains("expected \"local\" or \"remote\""));
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
        assert!(e.contains("mdoc") && e.contains("word"), "{e}");
    }
}
