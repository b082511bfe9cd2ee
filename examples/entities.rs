//! Prints the entities capcheck finds in each argument (a debugging aid for rules/ changes).

// An example links every dependency of the package and uses a few.
#![allow(unused_crate_dependencies)]
fn main() {
    let lex = capcheck::entities::Lexicon::builtin();
    for text in std::env::args().skip(1) {
        println!("{text}");
        for m in capcheck::entities::extract(&text, &lex) {
            println!(
                "  {:<12} {:<30} {:<30} weak={}",
                m.kind.as_str(),
                m.canonical,
                m.text,
                m.weak
            );
        }
    }
}
