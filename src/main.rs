//! The `capcheck` binary: everything happens in `cli::run`, which returns the exit status.

// The binary links every dependency of the package and uses a few; the library's build is
// where an unused dependency is found.
#![allow(unused_crate_dependencies)]

mod cli;

/// The allocator of the tool: mimalloc. A scan allocates and frees a whole document tree and
/// thousands of small strings per page; against glibc's malloc, mimalloc cut a pass over the
/// corpus by about 40% (docs/performance.md, "What we tried").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
