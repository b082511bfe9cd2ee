//! The `capcheck` binary: everything happens in `cli::run`, which returns the exit status.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
