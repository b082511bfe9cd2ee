//! The command line: argument definitions (clap) and the glue that hands them to the library.
//! Everything that decides results lives in the library; this file only wires it together.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};

use capcheck::check::{self, FailOn, EXIT_OK, EXIT_TROUBLE};
use capcheck::entities::Lexicon;
use capcheck::report::{self, ColorChoice, Format};
use capcheck::{input, rules};

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

    /// Output format: text for people, json for tools (the documented contract).
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,

    /// Write the report to FILE instead of standard output (never coloured).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Exit with status 1 when a finding at or above this severity exists.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error)]
    fail_on: FailOnArg,

    /// Extra rules directory whose word lists extend the built-in ones (same file names as rules/).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,

    /// Number of documents checked in parallel (0 = one per CPU).
    #[arg(short, long, value_name = "N", default_value_t = 0)]
    jobs: usize,

    /// When to colour the text report.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
}

// The clap-facing enums mirror the library's, so that the library does not depend on clap's
// derive traits and new formats only need a variant here and a renderer there.

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Json,
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
pub fn run() -> i32 {
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
    let lexicon = match load_lexicon(args.rules.as_deref()) {
        Ok(lex) => lex,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs)
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("error: cannot start {} worker threads: {e}", args.jobs);
            return EXIT_TROUBLE;
        }
    };
    let sources = input::discover(&args.paths);
    let report = pool.install(|| check::check_all(&sources, &lexicon));

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = ColorChoice::from(args.color).resolve(
        to_terminal,
        args.output.is_some(),
        report::no_color_env(),
    );
    let rendered = report::render(&report, args.format.into(), color);
    if let Err(e) = write_report(&rendered, args.output.as_deref()) {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    check::exit_status(&report, args.fail_on.into())
}

/// The built-in word lists, extended with `--rules DIR` when given.
fn load_lexicon(dir: Option<&Path>) -> Result<Lexicon, String> {
    match dir {
        Some(dir) => Lexicon::with_dir(dir),
        None => Ok(Lexicon::builtin()),
    }
}

/// Writes the rendered report to the file, or to standard output.
fn write_report(text: &str, output: Option<&Path>) -> Result<(), String> {
    match output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                // A reader that stops early (`| head`) is not a failure of the check.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| format!("cannot write the report: {e}")),
            }
        }
    }
}

/// `capcheck rules [ID]`: the list, or one rule's doc; an unknown id is a usage error.
fn run_rules(id: Option<&str>) -> i32 {
    let text = match id {
        None => rules::list_text(),
        Some(id) => match rules::get(id) {
            Some(rule) => rule.doc.to_string(),
            None => {
                eprintln!("error: no rule named '{id}'\n\nKnown rules: {}\n\nRun 'capcheck rules' to list them.", rules::ids());
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
