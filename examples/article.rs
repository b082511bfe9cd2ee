//! Prints what the parser takes from a page: headline, date, body paragraphs and figures
//! (a debugging aid for markup heuristics).

// An example links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match capcheck::parse::parse(&path, &bytes) {
            Ok(a) => {
                println!(
                    "== {path}\ntitle: {:?}\npublished: {:?}\ndescription: {:?}",
                    a.title, a.published, a.description
                );
                for p in &a.paragraphs {
                    println!("  | {p}");
                }
                for f in &a.figures {
                    println!(
                        "  [{} {:?}] {:?} // {:?}",
                        f.index, f.scope, f.caption, f.credit
                    );
                }
            }
            Err(e) => println!("{path}: error: {e}"),
        }
    }
}
