//! Fuzzes the parsers: any bytes, read as an HTML page, a text page, Markdown, MDX and an unnamed document
//! (format sniffed), must give an `Article` or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for id in ["page.html", "page.txt", "page", "page.md", "page.mdx"] {
        let _ = capcheck::parse::parse(id, data);
    }
});
