//! The seed page from the shared folder (a real article saved as text): its first caption is
//! wrong, its second a legitimate older photo. Skipped when `../shared` is not checked out.

use crate::common;

use crate::common::{
    article_images, message_for, only_doc, rules_for, supported, unsupported_people, verdict_of,
};

const SEED: &str = "../shared/seed/xi-kim-pelosi-omar.txt";

/// The seed's path relative to the crate root (the tests are ignored, with the reason, where
/// `../shared` was absent at build time).
fn seed() -> &'static str {
    common::shared("seed");
    SEED
}

#[test]
#[cfg_attr(
    not(capcheck_shared),
    ignore = "needs ../shared beside the repository (absent at build time; touch build.rs once it is there)"
)]
fn seed_verdicts() {
    let seed = seed();
    let (report, code) = common::check_json(&[seed]);
    let doc = only_doc(&report);
    assert_eq!(doc["path"], seed);
    assert_eq!(article_images(doc).len(), 2, "two images: {doc:#}");

    assert_eq!(verdict_of(doc, 0), "mismatch", "{doc:#}");
    assert!(
        rules_for(doc, 0)
            .iter()
            .any(|r| r == "caption-entity-mismatch"),
        "{doc:#}"
    );
    let msg = message_for(doc, 0, "caption-entity-mismatch").unwrap_or_default();
    for name in ["Ilhan Omar", "Nancy Pelosi"] {
        assert!(msg.contains(name), "message names {name}: {msg:?}");
    }
    assert_eq!(
        unsupported_people(article_images(doc)[0]),
        ["Ilhan Omar", "Nancy Pelosi"],
        "{doc:#}"
    );

    assert_eq!(verdict_of(doc, 1), "consistent", "{doc:#}");
    let ok = supported(article_images(doc)[1]);
    for name in ["Xi Jinping", "Kim Jong-un"] {
        assert!(
            ok.iter().any(|s| s == name),
            "{name} among supported entities: {ok:?}"
        );
    }
    assert_eq!(code, 1);
}

#[test]
#[cfg_attr(
    not(capcheck_shared),
    ignore = "needs ../shared beside the repository (absent at build time; touch build.rs once it is there)"
)]
fn seed_fail_on_never_exits_0() {
    let seed = seed();
    let (_, code) = common::check_json(&["--fail-on", "never", seed]);
    assert_eq!(code, 0);
}
