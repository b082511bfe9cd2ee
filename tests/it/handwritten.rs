//! Hand-written pages in many publishers' markup shapes (`tests/pages/`, written for these
//! tests: the names and places are invented or public figures, the words our own): each page
//! has captions that belong to its story and one that was moved in from another. The tool
//! must find every caption, flag every moved one and no other.

use crate::common;

use std::collections::HashSet;

use serde_json::Value;

/// What a caption must get: flagged, or not flagged (consistent or unverifiable).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Mismatch,
    Fits,
}
use Expect::*;

/// (page, start of the caption, expectation) for every caption of every page.
const EXPECTED: &[(&str, &str, Expect)] = &[
    (
        "a-wp.html",
        "Council leader Marta Ellison speaks at the harbour",
        Fits,
    ),
    (
        "a-wp.html",
        "Senator Rafael Ortiz greets supporters at a rally",
        Mismatch,
    ),
    (
        "above.html",
        "Lena Vasquez conducts the orchestra at Halvorsen H",
        Fits,
    ),
    (
        "above.html",
        "Novak Djokovic of Serbia serves against Carlos Alc",
        Mismatch,
    ),
    (
        "amp.html",
        "Firefighters watch the Canyon Ridge fire burn abov",
        Fits,
    ),
    (
        "amp.html",
        "Chancellor Olaf Scholz arrives for a cabinet meeti",
        Mismatch,
    ),
    (
        "b-picture.html",
        "Tomas Varga holds up an Eastbridge United shirt at",
        Fits,
    ),
    (
        "b-picture.html",
        "Prime Minister Keir Starmer speaks during a press",
        Mismatch,
    ),
    (
        "brbody.html",
        "Desmond Achterberg lands at English Harbour in Ant",
        Fits,
    ),
    (
        "brbody.html",
        "Fans of Taylor Swift queue outside Wembley Stadium",
        Mismatch,
    ),
    (
        "c-divcaption.html",
        "The exposed bed of the Vinuela reservoir near Mala",
        Fits,
    ),
    (
        "c-divcaption.html",
        "Students march through Causeway Bay in Hong Kong o",
        Mismatch,
    ),
    (
        "e-table.html",
        "Mayor Dana Whitfield cuts the ribbon at the Corran",
        Fits,
    ),
    (
        "e-table.html",
        "Rescue workers search the rubble after the earthqu",
        Mismatch,
    ),
    (
        "f-jsonld.html",
        "Ash rises from Mount Tallis on Wednesday, seen fro",
        Fits,
    ),
    (
        "f-jsonld.html",
        "Prince Harry and Meghan Markle leave St George's C",
        Mismatch,
    ),
    // Short product names are captions too; one naming nothing is unverifiable. Captions in
    // `data-title` (a lightbox link) and `data-description`.
    ("gallery.html", "Trail Runner 2 tent", Fits),
    ("gallery.html", "Moorland Family 6", Fits),
    ("gallery.html", "A green dome tent at dusk", Fits),
    (
        "gallery.html",
        "Our tester pitches the Ridgeline 3 on the moor",
        Fits,
    ),
    (
        "gallery.html",
        "Firefighters battle a wildfire in the hills above",
        Mismatch,
    ),
    // The lead photo in a hero block before the headline is the story's.
    ("hero.html", "Keeper Morag Lindsay polishes the lens", Fits),
    (
        "hero.html",
        "Alasdair Lindsay paints the keepers' cottage",
        Fits,
    ),
    (
        "hero.html",
        "Novak Djokovic of Serbia serves against Carlos",
        Mismatch,
    ),
    // A lead carousel before the headline: each slide's description is its caption.
    (
        "lead-carousel.html",
        "Residents wade through flood water on High Street",
        Fits,
    ),
    (
        "lead-carousel.html",
        "A farmer tows a stranded car out of the flooded",
        Fits,
    ),
    (
        "lead-carousel.html",
        "Chancellor Olaf Scholz arrives for a cabinet meeting",
        Mismatch,
    ),
    // The lead photo shows only a credit: its caption is in `og:image:alt` and JSON-LD;
    // JSON-LD `associatedMedia` captions the other photo.
    (
        "meta-lead.html",
        "Brenna Thorne feeds apples into the cider press",
        Fits,
    ),
    (
        "meta-lead.html",
        "President Emmanuel Macron greets Prime Minister",
        Mismatch,
    ),
    (
        "fictional.html",
        "Oswin Trevelyan with his pumpkin at the Talmore co",
        Fits,
    ),
    (
        "fictional.html",
        "Ingrid Solvang and her daughter Maren at their bak",
        Mismatch,
    ),
    // A credit glued before the caption is split off: the caption is judged without it.
    (
        "glued-credit.html",
        "Nurses prepare vaccines at the Dunmere health centre",
        Fits,
    ),
    (
        "glued-credit.html",
        "Pensioners queue outside a pharmacy in Dunmere",
        Fits,
    ),
    (
        "glued-credit.html",
        "Prime Minister Keir Starmer speaks during a press",
        Mismatch,
    ),
    // Figures whose only text is a credit have no caption (checked below).
    (
        "credit-only.html",
        "Runners set off from the harbour at the start",
        Fits,
    ),
    (
        "credit-only.html",
        "Simone Biles performs on the balance beam",
        Mismatch,
    ),
    ("credit-only.html", "", Fits),
    (
        "file.html",
        "FILE - Workers replace a water main on Elm Street",
        Fits,
    ),
    (
        "file.html",
        "Workers repair a burst water main on Elm Street in",
        Fits,
    ),
    (
        "file.html",
        "Council member Dee Harlan speaks at Wednesday's me",
        Fits,
    ),
    (
        "g-bbc.html",
        "Teachers on a picket line outside a school in Card",
        Fits,
    ),
    (
        "g-bbc.html",
        "Emmanuel Macron and Olaf Scholz at a summit in Ber",
        Mismatch,
    ),
    (
        "h-gallery.html",
        "Saxophonist Ruth Delaney on the main stage in 2015",
        Fits,
    ),
    (
        "h-gallery.html",
        "Crowds on the riverbank during the 2017 festival.",
        Fits,
    ),
    (
        "h-gallery.html",
        "Pianist Obi Mensah and his trio close the 2019 fes",
        Fits,
    ),
    (
        "h-gallery.html",
        "Volunteers set up the stage in Lanford's Mill Park",
        Fits,
    ),
    (
        "i-microdata.html",
        "Helena Brandt arrives at the regional court in Fra",
        Fits,
    ),
    (
        "i-microdata.html",
        "Lionel Messi celebrates after scoring for Inter Mi",
        Mismatch,
    ),
    (
        "j-inline-credit.html",
        "Waves break over the sea wall in Roscoff, France,",
        Fits,
    ),
    (
        "j-inline-credit.html",
        "Joe Biden and Kamala Harris wave to supporters in",
        Mismatch,
    ),
    (
        "noscript.html",
        "The bronze plaque on display at the Castleford Mus",
        Fits,
    ),
    (
        "noscript.html",
        "Kylian Mbappe celebrates a goal for Real Madrid ag",
        Mismatch,
    ),
    (
        "topical.html",
        "Gov. Ellen Marsh signs the budget in her office at",
        Fits,
    ),
    (
        "topical.html",
        "Gov. Ron DeSantis signs a bill in Tallahassee, Flo",
        Mismatch,
    ),
    (
        "topical.html",
        "Senate Minority Leader Tom Greaves speaks to repor",
        Fits,
    ),
    (
        "topical.html",
        "Lawmakers applaud as the session ends.",
        Fits,
    ),
    (
        "topical.html",
        "Mayor Karen Bass speaks at a news conference at Lo",
        Mismatch,
    ),
    (
        "words.html",
        "People cool off in a fountain in the city centre o",
        Fits,
    ),
    (
        "words.html",
        "Skiers ride a chairlift on a snowy mountain slope.",
        Mismatch,
    ),
    (
        "words.html",
        "A child plays in the water at a splash pad during",
        Fits,
    ),
    ("umlauts.html", "Juergen Weiss cuts the ribbon", Fits),
    ("umlauts.html", "Prime Minister Narendra Modi", Mismatch),
    ("umlauts.html", "Smith, left, and Ortega", Fits),
    ("caps.html", "NURSE PRIYA DESAI GIVES", Fits),
    ("caps.html", "TOM BRADY THROWS", Mismatch),
    ("live.html", "Senator Maria Calloway thanks", Fits),
    ("live.html", "Voters queue outside", Fits),
    ("live.html", "Pope Francis leads", Mismatch),
    (
        "k-chorus.html",
        "Commuters wait on an almost empty platform",
        Fits,
    ),
    (
        "k-chorus.html",
        "Wildfire smoke hangs over downtown Vancouver",
        Mismatch,
    ),
    ("k-chorus.html", "Hendrik Baarsma speaks to reporters", Fits),
    (
        "l-wire.html",
        "Farmers drive tractors past the European Parliament",
        Fits,
    ),
    (
        "l-wire.html",
        "Japanese Prime Minister Fumio Kishida",
        Mismatch,
    ),
    ("m-substack.html", "Gwen Pemberton shapes loaves", Fits),
    ("m-substack.html", "A green sea turtle swims", Mismatch),
    (
        "m-substack.html",
        "Customers queue outside the bakery",
        Fits,
    ),
    ("n-slides.html", "A farmer leads a Hereford bull", Fits),
    ("n-slides.html", "Vintage tractors parade", Fits),
    (
        "n-slides.html",
        "Protesters hold placards outside the parliament in Nairobi",
        Mismatch,
    ),
    ("o-surname.html", "Kwabena Okonjo, 54, checks", Fits),
    ("o-surname.html", "Abena Asantewaa at the cooperative", Fits),
    (
        "o-surname.html",
        "Mikaela Shiffrin of the United States",
        Mismatch,
    ),
    ("p-french.html", "Claire Fabre, directrice du port", Fits),
    (
        "p-french.html",
        "Le chancelier allemand Olaf Scholz",
        Mismatch,
    ),
    ("t-two.html", "Council member Priya Raman", Fits),
    ("t-two.html", "Real Madrid's Jude Bellingham", Mismatch),
    ("t-two.html", "Actor Cate Blanchett poses", Mismatch),
    ("t-two.html", "Cyclists ride along Harbor Street", Fits),
    ("u-headline.html", "Teresa Ruiz greets supporters", Fits),
    ("u-headline.html", "Gary Holt talks to supporters", Fits),
    ("u-headline.html", "Florida Gov. Ron DeSantis", Mismatch),
    (
        "v-getty.html",
        "WASHINGTON, DC - SEPTEMBER 25: Senate Majority Leader",
        Fits,
    ),
    (
        "v-getty.html",
        "LONDON, ENGLAND - JULY 14: Carlos Alcaraz",
        Mismatch,
    ),
    (
        "v-getty.html",
        "WASHINGTON, DC - SEPTEMBER 25: Speaker of the House",
        Fits,
    ),
    (
        "w-topical-date.html",
        "Mayor Daniel Okafor presents the bridge plan",
        Fits,
    ),
    // The same mayor five years earlier: no name to object to, the stale date warns instead.
    (
        "w-topical-date.html",
        "Daniel Okafor celebrates with supporters",
        Fits,
    ),
    (
        "x-mostread.html",
        "The Cuerda del Pozo reservoir near Soria",
        Fits,
    ),
    (
        "x-mostread.html",
        "Canadian Prime Minister Justin Trudeau",
        Mismatch,
    ),
    ("y-sport.html", "Arsenal's Bukayo Saka celebrates", Fits),
    ("y-sport.html", "Mikel Arteta applauds the fans", Fits),
    (
        "y-sport.html",
        "Simone Biles performs on the balance beam",
        Mismatch,
    ),
    (
        "z-obit.html",
        "Margaret Ellery at the Lindford lifeboat station in 1972",
        Fits,
    ),
    (
        "z-obit.html",
        "Ellery receives her MBE at Buckingham Palace in 1979",
        Fits,
    ),
    (
        "z-obit.html",
        "Elon Musk speaks at the Tesla Gigafactory",
        Mismatch,
    ),
];

fn report() -> Value {
    let (report, _) = common::check_json(&["--fail-on", "never", "tests/pages"]);
    report
}

#[test]
fn every_moved_caption_is_flagged_and_no_other() {
    let report = report();
    let mut seen = HashSet::new();
    for doc in report["documents"].as_array().expect("documents") {
        let path = doc["path"].as_str().unwrap_or_default();
        let page = path.rsplit('/').next().unwrap_or(path);
        assert!(doc["error"].is_null(), "{page}: {}", doc["error"]);
        for img in doc["images"].as_array().expect("images") {
            let caption = img["caption"].as_str().unwrap_or("");
            let verdict = img["verdict"].as_str().unwrap_or("");
            let Some(&(_, start, expect)) = EXPECTED
                .iter()
                .find(|(p, s, _)| *p == page && caption.starts_with(s))
            else {
                panic!("{page}: a caption nobody expected: {caption:?} ({verdict})");
            };
            seen.insert((page.to_string(), start));
            // A trailing credit is the credit, not words of the caption to judge.
            assert!(
                !caption.to_lowercase().contains("photo by"),
                "{page}: credit left in the caption: {caption:?}"
            );
            match expect {
                Mismatch => assert_eq!(verdict, "mismatch", "{page}: {caption:?}"),
                Fits => assert_ne!(verdict, "mismatch", "{page}: {caption:?}"),
            }
        }
    }
    for (page, start, _) in EXPECTED {
        assert!(
            seen.contains(&(page.to_string(), *start)),
            "{page}: caption not found: {start:?}"
        );
    }
}

#[test]
fn sidebars_and_captionless_pages_give_no_verdicts() {
    let report = report();
    let doc = |name: &str| {
        report["documents"]
            .as_array()
            .and_then(|d| {
                d.iter()
                    .find(|d| d["path"].as_str().is_some_and(|p| p.ends_with(name)))
            })
            .cloned()
            .unwrap_or_else(|| panic!("{name} in the report"))
    };
    // The related-stories teaser is outside the article, not a third photo of the story.
    assert_eq!(doc("a-wp.html")["outside_article"], 1);
    assert_eq!(doc("x-mostread.html")["outside_article"], 2);
    // A photo dated five years before the story, not marked as a file photo, is warned about.
    let stale = doc("w-topical-date.html");
    assert!(
        stale["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["rule"] == "caption-stale-date")),
        "{stale}"
    );
    // An obituary that itself speaks of 1979 shows a 1979 photo as history; 1972, which the
    // story never names, is still warned about.
    let obit = doc("z-obit.html");
    let stale_photos: Vec<u64> = obit["findings"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter(|f| f["rule"] == "caption-stale-date")
                .filter_map(|f| f["image"].as_u64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(stale_photos, [0], "{obit}");
    // Credit lines (`NAME via AP`, `Video shot and edited by NAME`, `Photographs by NAME`, a
    // bare name in the credit slot, a bare name the page credits elsewhere) are credits, never
    // captions to judge.
    let credits = doc("credit-only.html");
    let images = credits["images"].as_array().cloned().unwrap_or_default();
    assert_eq!(images.len(), 7, "{credits}");
    for i in &images[1..6] {
        assert!(i["caption"].is_null(), "{i}");
        assert!(
            i["credit"]
                .as_str()
                .is_some_and(|c| c.contains("Ilse Brandt")),
            "{i}"
        );
        assert_ne!(i["verdict"], "mismatch", "{i}");
    }
    // A glued credit is the credit, not a name in the caption.
    let glued = doc("glued-credit.html");
    let credits: Vec<&str> = glued["images"]
        .as_array()
        .map(|i| i.iter().filter_map(|i| i["credit"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(credits, ["Jane Roe", "Owen Price", "Jane Roe"], "{glued}");
    // The lead carousel, the hero photo and the metadata lead are all the story's.
    assert_eq!(doc("lead-carousel.html")["outside_article"], 0);
    assert_eq!(doc("hero.html")["outside_article"], 1);
    // A logo and a photo without a caption: nothing to judge, nothing invented.
    assert!(doc("d-nocap.html")["images"]
        .as_array()
        .is_some_and(|i| i.iter().all(|i| i["caption"].is_null())));
}
