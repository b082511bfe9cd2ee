//! The HTML report in a real browser: headless Chromium renders the report of a hostile page
//! (`fixtures/hostile-markup.html`: script, `onerror` and `javascript:` payloads as caption
//! text) without creating any element from it, without running anything, and without a single
//! request for an address the page named; a local photo's thumbnail decodes, and web photos
//! load only with `--report-images remote`. Shown as ignored, with the reason, where no Chromium
//! was on PATH when the tests were built (`.ci/run` installs it first; see `build.rs`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{capcheck, scratch};

/// The host every address in the hostile fixture points at; Chromium's own background traffic
/// never names it, so seeing it in the network log means the report fetched something.
const CANARY: &str = "capcheck-canary.invalid";

/// The Chromium binary, if one is installed.
fn chromium() -> Option<PathBuf> {
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ]
    .iter()
    .find_map(|name| {
        let out = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()?;
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
    })
}

/// Runs headless Chromium on `page` with a fresh profile, a network log, and every host mapped
/// to nowhere (so nothing could leave the machine even if a request were made); returns stdout
/// and the network log's text.
fn run_chromium(bin: &Path, dir: &Path, page: &Path, extra: &[String]) -> (String, String) {
    // One fresh profile and log per run, named after the page and the first extra flag.
    let tag = format!(
        "{}-{}",
        page.file_stem().and_then(|s| s.to_str()).unwrap_or("page"),
        extra.iter().map(|a| a.len()).sum::<usize>()
    );
    let profile = dir.join(format!("profile-{tag}"));
    let netlog = dir.join(format!("netlog-{tag}.json"));
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--host-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    // Read stdout on a thread and bound the run: a browser that hangs must fail the test, not
    // stall the suite.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let stdout = reader.join().unwrap_or_default();
    assert!(status.success(), "chromium failed: {status}");
    let log = std::fs::read_to_string(&netlog).unwrap_or_default();
    (stdout, log)
}

/// The tags of a serialised DOM (`<…>`); text cannot contain `<`, so each is markup.
fn tags(dom: &str) -> Vec<&str> {
    dom.split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag))
        .collect()
}

/// Absolute path of a file in the scratch directory (Chromium needs a `file://` URL).
fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).expect("scratch file exists")
}

#[test]
#[cfg_attr(
    not(capcheck_chromium),
    ignore = "needs Chromium on PATH when built (apt-get install chromium; .ci/run does)"
)]
fn hostile_report_renders_inert_in_chromium() {
    let bin = chromium().expect("Chromium was on PATH when the tests were built");
    let dir = scratch("html-browser");
    let report = dir.join("report.html");
    capcheck()
        .args(["check", "--format", "html", "--fail-on", "never", "-o"])
        .arg(&report)
        .arg("fixtures/hostile-markup.html")
        .assert()
        .code(0);
    let report = absolute(&report);

    // The detector works: a page that does load an image from the canary shows in the log.
    let control = dir.join("control.html");
    std::fs::write(
        &control,
        format!("<!DOCTYPE html><title>control</title><img src=\"http://{CANARY}/control.png\">"),
    )
    .expect("write control page");
    let (_, control_log) =
        run_chromium(&bin, &dir, &absolute(&control), &["--dump-dom".to_string()]);
    assert!(
        control_log.contains(CANARY),
        "the network log should show the control page's request; cannot check the report"
    );

    let (dom, log) = run_chromium(&bin, &dir, &report, &["--dump-dom".to_string()]);
    assert!(
        dom.contains("<title>capcheck report: 1 page, 1 finding</title>"),
        "title changed or missing (a payload ran?):\n{dom}"
    );
    assert!(!dom.contains("-ran</title>"), "a payload ran:\n{dom}");
    // A serialised DOM escapes `<` in text, so a literal tag can only be a real element.
    for tag in ["<script", "<img", "<iframe", "<svg", "<object"] {
        assert!(!dom.contains(tag), "the report has a {tag} element:\n{dom}");
    }
    for tag in tags(&dom) {
        let tag = tag.to_ascii_lowercase();
        assert!(
            !tag.contains("onerror"),
            "an event-handler attribute: {tag}"
        );
        assert!(!tag.contains("javascript:"), "a javascript: address: {tag}");
    }
    // The payloads are there, as text a reader can see.
    for text in [
        "&lt;script&gt;document.title='capcheck-xss-ran'&lt;/script&gt;",
        "\" onerror=\"document.title='capcheck-attr-ran'",
        "&lt;img src=http://capcheck-canary.invalid/x.png onerror=",
        "&lt;a href=\"javascript:document.title='capcheck-js-ran'\"&gt;",
    ] {
        assert!(
            dom.contains(text),
            "payload not shown as text: {text}\n{dom}"
        );
    }
    assert!(
        !log.contains(CANARY),
        "the report requested an address from the page"
    );

    // A screenshot for people to look at (and proof that rendering completes).
    let shot = dir.join("report.png");
    let (_, log) = run_chromium(
        &bin,
        &dir,
        &report,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600".to_string(),
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        !log.contains(CANARY),
        "the report requested an address from the page"
    );
    eprintln!("screenshot: {}", shot.display());
}

/// A page with a local photo (drawn here), and two web photos on the canary host.
fn page_with_photos(dir: &Path) -> PathBuf {
    let pic = image::RgbImage::from_fn(480, 320, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 160])
    });
    image::DynamicImage::ImageRgb8(pic)
        .save(dir.join("quay.jpg"))
        .expect("write the photo");
    let page = dir.join("story.html");
    std::fs::write(
        &page,
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Quay reopens</title>\
             <link rel=\"canonical\" href=\"https://{CANARY}/story\"></head><body><article>\
             <h1>Quay reopens in Kessby</h1>\
             <figure><img src=\"quay.jpg\"><figcaption>Harbourmaster Liv Aramo on the quay in \
             Kessby.</figcaption></figure>\
             <p>Harbourmaster Liv Aramo reopened the quay in Kessby on Monday.</p>\
             <figure><img src=\"https://{CANARY}/deck.jpg\"><figcaption>Chancellor Odile \
             Marchetti in Toulouse.</figcaption></figure>\
             <figure><img src=\"http://{CANARY}/plain.jpg\"><figcaption>Liv Aramo in \
             Kessby.</figcaption></figure>\
             </article></body></html>"
        ),
    )
    .expect("write the page");
    page
}

/// A page that frames `report` and writes into its title, for each thumbnail of the report,
/// whether it loaded and its natural width (the report itself runs no script).
fn frame_reader(dir: &Path, report: &Path) -> PathBuf {
    let reader = dir.join("reader.html");
    std::fs::write(
        &reader,
        format!(
            "<!DOCTYPE html><title>pending</title><iframe id=\"r\" src=\"file://{}\"></iframe>\
             <script>document.getElementById('r').addEventListener('load', () => {{\
             try {{ const d = document.getElementById('r').contentDocument;\
             const imgs = [...d.querySelectorAll('.thumb img')];\
             document.title = 'thumbs:' + imgs.map(i => i.complete + '/' + i.naturalWidth).join(',');\
             }} catch (e) {{ document.title = 'error: ' + e; }} }});</script>",
            report.display()
        ),
    )
    .expect("write the reader");
    reader
}

#[test]
#[cfg_attr(
    not(capcheck_chromium),
    ignore = "needs Chromium on PATH when built (apt-get install chromium; .ci/run does)"
)]
fn local_thumbnails_render_and_web_images_load_only_when_asked() {
    let bin = chromium().expect("Chromium was on PATH when the tests were built");
    let dir = absolute(&scratch("html-browser-photos"));
    let page = page_with_photos(&dir);
    let report = dir.join("report.html");
    capcheck()
        .args(["check", "--format", "html", "--fail-on", "never", "-o"])
        .arg(&report)
        .arg(&page)
        .assert()
        .code(0);

    // The thumbnail decodes in the browser: loaded, with a natural width.
    let reader = frame_reader(&dir, &report);
    let (dom, log) = run_chromium(
        &bin,
        &dir,
        &reader,
        &[
            "--allow-file-access-from-files".to_string(),
            "--virtual-time-budget=5000".to_string(),
            "--dump-dom".to_string(),
        ],
    );
    let title = dom
        .split_once("<title>")
        .and_then(|(_, t)| t.split_once("</title>"))
        .map(|(t, _)| t)
        .unwrap_or_default();
    let widths: Vec<u32> = title
        .strip_prefix("thumbs:")
        .unwrap_or_else(|| panic!("the reader could not look into the report: {title}"))
        .split(',')
        .filter_map(|t| t.strip_prefix("true/")?.parse().ok())
        .collect();
    assert_eq!(widths, [240], "one thumbnail, loaded, 240 px wide: {title}");
    // By default nothing leaves the file: not the web photos, not the page's own address.
    assert!(
        !log.contains(CANARY),
        "the report made a request in the default mode"
    );

    // Asked to, the report loads the https photo (the request shows in the log; the host is
    // mapped to nowhere) but still not the plain-http one, which its CSP forbids.
    let online = dir.join("online.html");
    capcheck()
        .args(["check", "--format", "html", "--fail-on", "never"])
        .args(["--report-images", "remote", "-o"])
        .arg(&online)
        .arg(&page)
        .assert()
        .code(0);
    let (_, log) = run_chromium(
        &bin,
        &dir,
        &online,
        &[
            "--virtual-time-budget=5000".to_string(),
            "--dump-dom".to_string(),
        ],
    );
    assert!(
        log.contains(&format!("{CANARY}/deck.jpg")),
        "with --report-images remote the https photo should be requested"
    );
    assert!(
        !log.contains(&format!("{CANARY}/plain.jpg")),
        "a plain-http photo must not be loaded"
    );
}
