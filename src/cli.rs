//! The command line: argument definitions (clap) and the glue that hands them to the library.
//! Everything that decides results lives in the library; this file only wires it together.

use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use capcheck::budget::Budget;
use capcheck::check::{self, Engine, EXIT_OK, EXIT_TROUBLE};
use capcheck::config::{self, Config, FailOn};
use capcheck::input;
use capcheck::post::{baseline, Post};
use capcheck::progress::Progress;
use capcheck::report::{self, ColorChoice, Format};
use capcheck::types::Rule;

/// Finds news photos whose captions do not belong to the story around them.
#[derive(Debug, Parser)]
#[command(name = "capcheck", version, about, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check saved pages (HTML or text copies): files, directories (recursive), or - for stdin.
    Check(CheckArgs),
    /// List the rules, or explain one: what it checks, an example, how to fix or silence it.
    Rules {
        /// The rule id, e.g. caption-entity-mismatch.
        id: Option<String>,
    },
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files, directories (read recursively: .html .htm .xhtml .txt), or - for stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<String>,

    /// Output format: text for people, json for tools (the documented contract), jsonl for
    /// pipelines (streamed), sarif for code scanning, html for a self-contained report.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Write the report to FILE instead of standard output (never coloured).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Exit with status 1 when a finding at or above this severity exists [default: error, or
    /// the config's fail-on].
    #[arg(long, value_enum)]
    fail_on: Option<FailOnArg>,

    /// Read this config file instead of looking for capcheck.toml here and in parent folders.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,

    /// Ignore any capcheck.toml.
    #[arg(long)]
    no_config: bool,

    /// Report only findings not in this baseline file (written by --write-baseline).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Write the run's findings (after inline and config suppression) to FILE as a baseline.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// Extra rules directory whose word lists extend the built-in ones (same file names as rules/).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Refuse documents larger than this (64M, 512K, 1G) [default: 64M, or the config's max-bytes].
    #[arg(long, value_name = "SIZE", value_parser = capcheck::budget::parse_size)]
    max_bytes: Option<u64>,

    /// Give up on a document after this many seconds and report it as an error, so that one
    /// pathological page cannot stall a scan [default: 10, or the config's time-budget].
    #[arg(long, value_name = "SECONDS", value_parser = capcheck::budget::parse_seconds)]
    time_budget: Option<std::time::Duration>,

    /// Skip comparing each caption with its article in meaning (`evidence.semantic`, see
    /// docs/semantic.md): several times faster [default: compared, or the config's semantic]
    #[arg(long, conflicts_with = "semantic_all")]
    no_semantic: bool,

    /// Compare every caption with its article in meaning, not only those whose verdict the
    /// comparison could change (slower; what scripts/calibrate.py needs)
    #[arg(long)]
    semantic_all: bool,

    /// Number of documents checked in parallel (0 = one per CPU).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    jobs: usize,

    /// When to colour the text report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,

    /// Photos in the HTML report: local files as thumbnails and web images as placeholders
    /// (local), or web images loaded by the browser (remote: opening the report then tells
    /// each image host) [default: local, or the config's report-images]
    #[arg(long, value_enum, value_name = "WHICH")]
    report_images: Option<ReportImagesArg>,

    /// Finding no document to check (an empty folder, a config whose include matches nothing,
    /// empty standard input) is not an error: exit 0 instead of 2.
    #[arg(long)]
    allow_empty: bool,
}

/// Worker threads per CPU at most: more only adds memory and scheduling, never speed (one
/// page's check is CPU-bound), and a typo such as `-j 100000` would start that many threads.
const MAX_JOBS_PER_CPU: usize = 8;

// The clap-facing enums mirror the library's, so that the library does not depend on clap's
// derive traits and new formats only need a variant here and a renderer there.

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportImagesArg {
    Local,
    Remote,
}

impl From<ReportImagesArg> for capcheck::types::RemoteImages {
    fn from(r: ReportImagesArg) -> Self {
        match r {
            ReportImagesArg::Local => capcheck::types::RemoteImages::Placeholder,
            ReportImagesArg::Remote => capcheck::types::RemoteImages::Load,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Jsonl,
    Sarif,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOnArg {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Html => Format::Html,
        }
    }
}

impl From<FailOnArg> for FailOn {
    fn from(f: FailOnArg) -> Self {
        match f {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

impl From<ColorArg> for ColorChoice {
    fn from(c: ColorArg) -> Self {
        match c {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

/// Parses the arguments, runs the command and returns the process exit status.
pub(crate) fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap chooses the stream and status: help/version go to stdout with 0, errors to
            // stderr with 2.
            let _ = e.print();
            return e.exit_code();
        }
    };
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules { id } => run_rules(id.as_deref()),
    }
}

/// `capcheck check`: discover, check in parallel, render, write, then the exit status.
fn run_check(args: CheckArgs) -> i32 {
    if args.paths.is_empty() {
        eprintln!(
            "error: no PATH given: name the pages to check\n\n\
             Usage: capcheck check [OPTIONS] <PATH>...\n\n\
             Examples:\n  capcheck check page.html\n  capcheck check archive/ --format json -o report.json\n  \
             curl -s https://example.com/story | capcheck check -\n\nFor more information, try 'capcheck check --help'."
        );
        return EXIT_TROUBLE;
    }
    match check_paths(&args) {
        Ok(status) => status,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_TROUBLE
        }
    }
}

/// Why `capcheck check` stops: the library's errors, and the command line's own.
#[derive(Debug, thiserror::Error)]
enum CheckError {
    /// Loading, reading or writing failed.
    #[error(transparent)]
    Lib(#[from] capcheck::Error),
    /// The paths hold no document (and `--allow-empty` was not given).
    #[error(
        "no document to check in {paths}: pages end in .{}, archives in .warc or .warc.gz{} \
         (--allow-empty accepts an empty scan)",
        input::EXTENSIONS.join(" ."),
        if *filtered { ", and the config's include/exclude must keep them" } else { "" }
    )]
    NoDocument {
        /// The paths as given, joined.
        paths: String,
        /// Whether a config's include/exclude filtered the walk.
        filtered: bool,
    },
    /// `-o` names a document of the scan, which writing the report would overwrite.
    #[error("the output {} is a document of this scan ({id}); choose another -o", path.display())]
    OutputIsInput {
        /// The `-o` file.
        path: PathBuf,
        /// The document's id.
        id: String,
    },
}

/// The scan of `args.paths`: set up, find the documents, check them (streamed for JSONL),
/// write the baseline and the report; the exit status, or why the run stopped.
fn check_paths(args: &CheckArgs) -> Result<i32, CheckError> {
    let (mut setup, engine, pool) = prepare(args)?;
    let (sources, skipped_records) = find_sources(args, &setup, &pool)?;
    let mut post = Post::new(
        setup.config.clone(),
        setup.baseline.take(),
        args.write_baseline.as_deref(),
    );
    // The progress line counts documents from the workers.
    let progress = Progress::new(sources.len(), std::io::stderr().is_terminal());
    let tick = || progress.tick();
    let scan = Scan {
        sources: &sources,
        engine: &engine,
        setup: &setup,
        tick: &tick,
    };
    if args.format == FormatArg::Jsonl {
        // JSONL streams: each document is written as its batch finishes, never the whole run.
        let streamed =
            pool.install(|| run_jsonl(&scan, &mut post, args.output.as_deref(), skipped_records));
        progress.finish();
        // Said before the baseline is written, whose own failure is said after it.
        if let Err(e) = &streamed {
            eprintln!("error: {e}");
        }
        write_baseline(args, post)?;
        return Ok(streamed.unwrap_or(EXIT_TROUBLE));
    }
    let mut report = pool.install(|| run_batch(args, &scan, &mut post));
    report.tool.threshold = Some(engine.calibration.threshold);
    progress.finish();
    report.summary.skipped_records = skipped_records;
    write_baseline(args, post)?;
    write_rendered(args, &report, &setup)?;
    Ok(check::exit_status(&report, setup.fail_on))
}

/// What every document of a scan is checked with.
struct Scan<'a> {
    /// The documents, in report order.
    sources: &'a [input::Source],
    /// The word lists and calibration.
    engine: &'a Engine,
    /// The config and flags.
    setup: &'a Setup,
    /// Counts a document done (the progress line).
    tick: &'a (dyn Fn() + Sync),
}

/// The documents of `args.paths` that the config keeps, and the archive records skipped as
/// not HTML; none is an error unless `--allow-empty`, and so is an `-o` that is one of them.
fn find_sources(
    args: &CheckArgs,
    setup: &Setup,
    pool: &rayon::ThreadPool,
) -> Result<(Vec<input::Source>, usize), CheckError> {
    let discovery = pool.install(|| {
        let extra = setup.config.as_ref().map_or(&[][..], |c| &c.extensions[..]);
        input::discover_with(
            &args.paths,
            &|p| setup.config.as_ref().is_none_or(|c| c.keeps(p)),
            extra,
        )
    });
    let mut sources = discovery.sources;
    if sources.is_empty() && !args.allow_empty {
        return Err(CheckError::NoDocument {
            paths: args.paths.join(", "),
            filtered: setup.config.is_some(),
        });
    }
    if args.allow_empty {
        input::allow_empty_stdin(&mut sources);
    }
    if let Some(out) = args.output.as_deref() {
        if let Some(src) = input::source_at(&sources, out) {
            return Err(CheckError::OutputIsInput {
                path: out.to_path_buf(),
                id: src.id.clone(),
            });
        }
    }
    Ok((sources, discovery.skipped_records))
}

/// Checks every document for a whole report (every format but JSONL).
fn run_batch(args: &CheckArgs, scan: &Scan<'_>, post: &mut Post) -> capcheck::result::Report {
    // Unreadable documents are said on stderr too, unless the text report is on the terminal
    // already: a JSON or SARIF report in a file must not leave the reason only inside it.
    let say_errors = args.format != FormatArg::Text || args.output.is_some();
    let mut docs = Vec::with_capacity(scan.sources.len());
    // Collecting never stops early, so the scan always runs to its end.
    let _ = check::check_streaming(
        scan.sources,
        scan.engine,
        &scan.setup.budget,
        post,
        scan.tick,
        |doc| {
            if say_errors {
                say_error(&doc);
            }
            docs.push(doc);
            ControlFlow::Continue(())
        },
    );
    capcheck::result::Report::new(docs)
}

/// Everything a scan needs before it starts: the setup, the word lists, the worker threads.
fn prepare(args: &CheckArgs) -> Result<(Setup, Engine, rayon::ThreadPool), capcheck::Error> {
    // Patterns compile when a page first needs one (`parse::gated`): compiling them all on a
    // second thread at start-up did work most small runs never need.
    let setup = load_setup(args)?;
    // The semantic model is read by the first caption that needs it (`semantic::Model::builtin`),
    // not here: most small runs need it for no caption.
    let mut engine = load_engine(setup.rules.as_deref())?;
    engine.semantic = setup.semantic;
    // Only the HTML report shows photos: other formats never pay for the resizing.
    if args.format == FormatArg::Html {
        engine.thumbnails = capcheck::types::Thumbnails::Make;
    }
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let most = cpus * MAX_JOBS_PER_CPU;
    let jobs = if args.jobs > most {
        eprintln!(
            "warning: -j {} is more than {MAX_JOBS_PER_CPU} per CPU; using {most}",
            args.jobs
        );
        most
    } else {
        args.jobs
    };
    // The main thread is one of the workers: it would only wait otherwise, and every thread
    // that allocates touches memory of its own that the system must first clear (with huge
    // pages, 2 MB at a time). The pool lives as long as the process, so that rayon leaks its
    // registry costs nothing.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .use_current_thread()
        .build()
        .map_err(|source| capcheck::Error::Threads { jobs, source })?;
    Ok((setup, engine, pool))
}

/// Renders a whole report in the chosen format and writes it (coloured only on a terminal).
fn write_rendered(
    args: &CheckArgs,
    report: &capcheck::result::Report,
    setup: &Setup,
) -> Result<(), capcheck::Error> {
    let config_path = setup.config.as_ref().map(|c| c.path.as_path());
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = ColorChoice::from(args.color).resolve(
        to_terminal,
        args.output.is_some(),
        report::no_color_env(),
    );
    let look = report::Look {
        color,
        remote_images: setup.remote_images,
    };
    let mut rendered = report::render_with(report, args.format.into(), look);
    if let (FormatArg::Text, Some(config)) = (args.format, &config_path) {
        // Which settings silenced what is part of reading a text report.
        rendered.push_str(&format!(
            "config: {}\n",
            report::text::printable(&config.display().to_string())
        ));
    }
    write_report(&rendered, args.output.as_deref())
}

/// What the config file and the flags decide for a run.
struct Setup {
    /// The config in force, if any (its include/exclude filter the walk).
    config: Option<Config>,
    /// The accepted findings of `--baseline`, when given.
    baseline: Option<baseline::Known>,
    /// `--fail-on`, else the config's, else error.
    fail_on: FailOn,
    /// `--rules`, else the config's.
    rules: Option<PathBuf>,
    /// `--max-bytes` and `--time-budget`, else the config's, else the defaults.
    budget: Budget,
    /// Never with `--no-semantic` or the config's `semantic = false`, Always with
    /// `--semantic-all`.
    semantic: capcheck::types::SemanticMode,
    /// `--report-images`, else the config's, else placeholders.
    remote_images: capcheck::types::RemoteImages,
}

/// Finds and reads the config and the baseline; command-line flags win over the config.
fn load_setup(args: &CheckArgs) -> Result<Setup, capcheck::Error> {
    let config_path = match (&args.config, args.no_config) {
        (_, true) => None,
        (Some(path), false) => Some(path.clone()),
        (None, false) => std::env::current_dir().ok().and_then(|d| config::find(&d)),
    };
    let config = config_path.map(|p| config::load(&p)).transpose()?;
    let fail_on = args
        .fail_on
        .map(FailOn::from)
        .or(config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or_default();
    let rules = args
        .rules
        .clone()
        .or_else(|| config.as_ref().and_then(|c| c.rules.clone()));
    let baseline = args.baseline.as_deref().map(baseline::read).transpose()?;
    let defaults = Budget::default();
    let budget = Budget {
        max_bytes: args
            .max_bytes
            .or(config.as_ref().and_then(|c| c.max_bytes))
            .unwrap_or(defaults.max_bytes),
        time: args
            .time_budget
            .or(config.as_ref().and_then(|c| c.time_budget))
            .unwrap_or(defaults.time),
    };
    let semantic = if args.no_semantic || config.as_ref().and_then(|c| c.semantic) == Some(false) {
        capcheck::types::SemanticMode::Never
    } else if args.semantic_all {
        capcheck::types::SemanticMode::Always
    } else {
        capcheck::types::SemanticMode::WhereItDecides
    };
    let remote_images = args
        .report_images
        .map(Into::into)
        .or(config.as_ref().and_then(|c| c.report_images))
        .unwrap_or_default();
    Ok(Setup {
        remote_images,
        config,
        baseline,
        fail_on,
        rules,
        budget,
        semantic,
    })
}

/// Writes `--write-baseline` once the run is done, and warns when `--baseline` matched nothing.
fn write_baseline(args: &CheckArgs, post: Post) -> Result<(), capcheck::Error> {
    if let (Some(file), true) = (&args.baseline, post.baseline_matched_nothing()) {
        eprintln!(
            "warning: no finding of this scan matched the baseline {}: fixed since, or written \
             for other pages? (its paths are relative to its own folder)",
            report::text::printable(&file.display().to_string())
        );
    }
    let Some(path) = &args.write_baseline else {
        return Ok(());
    };
    Ok(baseline::write(path, post.into_baseline())?)
}

/// `--format jsonl`: checks and writes each document as it is done, then the summary line;
/// returns the exit status, tracked document by document, or why the report could not be
/// written.
fn run_jsonl(
    scan: &Scan<'_>,
    post: &mut Post,
    output: Option<&Path>,
    skipped_records: usize,
) -> Result<i32, capcheck::Error> {
    let out: Box<dyn Write> = match output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(source) => {
                return Err(capcheck::Error::WriteFile {
                    path: path.to_path_buf(),
                    source,
                })
            }
        },
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = report::jsonl::JsonlWriter::new(out);
    writer.summary_mut().skipped_records = skipped_records;
    let mut status = EXIT_OK;
    let mut failure = None;
    let setup = scan.setup;
    let flow = check::check_streaming(
        scan.sources,
        scan.engine,
        &setup.budget,
        post,
        scan.tick,
        |doc| {
            say_error(&doc);
            status = status.max(check::document_exit_status(&doc, setup.fail_on));
            match writer.write_document(&doc) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    failure = Some(e);
                    ControlFlow::Break(())
                }
            }
        },
    );
    if flow.is_continue() {
        if let Err(e) = writer.finish() {
            failure = Some(e);
        }
    }
    match failure {
        // A reader that stops early (`| head`) is not a failure of the check.
        Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(status),
        Some(e) => Err(capcheck::Error::Write(e)),
        None => Ok(status),
    }
}

/// The built-in word lists and calibration, extended with `--rules DIR` when given.
fn load_engine(dir: Option<&Path>) -> Result<Engine, capcheck::Error> {
    match dir {
        Some(dir) => Ok(Engine::with_dir(dir)?),
        None => Ok(Engine::builtin()),
    }
}

/// Says on stderr why a document could not be checked, when it could not, naming the document
/// once: most reading errors name it already (`no such file or directory: a.html`,
/// `a.warc#http://…: truncated archive`).
fn say_error(doc: &capcheck::result::DocumentReport) {
    if let Some(e) = &doc.error {
        let (path, e) = (
            report::text::printable(&doc.path),
            report::text::printable(e),
        );
        if names_document(&e, &path) {
            eprintln!("error: {e}");
        } else {
            eprintln!("error: {path}: {e}");
        }
    }
}

/// Whether an error message names the document as one of its `: `-separated fields, as the
/// reading errors do; a path merely occurring in the words (stdin's `-` in `--max-bytes`) does
/// not count.
fn names_document(message: &str, path: &str) -> bool {
    message
        .split(": ")
        .any(|field| field == path || field.strip_prefix("cannot read ") == Some(path))
}

/// Writes the rendered report to the file, or to standard output.
fn write_report(text: &str, output: Option<&Path>) -> Result<(), capcheck::Error> {
    match output {
        Some(path) => std::fs::write(path, text).map_err(|source| capcheck::Error::WriteFile {
            path: path.to_path_buf(),
            source,
        }),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                // A reader that stops early (`| head`) is not a failure of the check.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(capcheck::Error::Write),
            }
        }
    }
}

/// `capcheck rules [ID]`: the list, or one rule's doc; an unknown id is a usage error.
fn run_rules(id: Option<&str>) -> i32 {
    let text = match id {
        None => report::rule_list(),
        Some(id) => match Rule::from_id(id) {
            Some(rule) => rule.doc().to_string(),
            None => {
                eprintln!("error: no rule named '{id}'\n\nKnown rules: {}\n\nRun 'capcheck rules' to list them.", Rule::ids());
                return EXIT_TROUBLE;
            }
        },
    };
    match write_report(&text, None) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_TROUBLE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }
}
